package dev.witness.masking.internal;

import dev.witness.masking.MaskedField;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the rules do to the values of one {@link MaskedField}, decided once and cached: either one
 * strategy for the whole value (a column, header, key or parameter rule; the first such rule in
 * the file wins), or JSON-path strategies and detectors for what is inside. Immutable.
 */
public final class FieldPlan {

    private final Strategy whole;
    private final TextMasker text;
    private final JsonDocumentMasker json;

    private FieldPlan(Strategy whole, TextMasker text, JsonDocumentMasker json) {
        this.whole = whole;
        this.text = text;
        this.json = json;
    }

    /** The plan of the rules in {@code rules} (file order) for {@code field}. */
    public static FieldPlan of(List<Rule> rules, MaskedField field) {
        List<TextMasker.Binding> detectors = new ArrayList<>();
        List<JsonDocumentMasker.PathBinding> paths = new ArrayList<>();
        Set<String> seenDetectors = new HashSet<>();
        for (Rule r : rules) {
            if (!r.scope().includes(field)) {
                continue;
            }
            if (r.selectsWhole(field)) {
                return new FieldPlan(r.strategy(), null, null);
            }
            for (JsonPath p : r.jsonPaths()) {
                paths.add(new JsonDocumentMasker.PathBinding(p, r.strategy()));
            }
            for (Detector d : r.detectors()) {
                if (seenDetectors.add(d.name())) {
                    detectors.add(new TextMasker.Binding(d, r.strategy()));
                }
            }
        }
        TextMasker text = new TextMasker(detectors);
        return new FieldPlan(null, text, new JsonDocumentMasker(paths, text));
    }

    /** True if no value of this field can change. */
    public boolean isPassThrough() {
        return whole == null && json.isEmpty();
    }

    public String mask(String value) {
        if (whole != null) {
            return whole.apply(value);
        }
        if (json.isEmpty()) {
            return value;
        }
        if (JsonDocumentMasker.looksLikeJson(value)) {
            String masked = json.mask(value);
            if (masked != null) {
                return masked;
            }
        }
        return text.mask(value);
    }

    /**
     * Masks a whole JSON document: JSON paths and detectors inside it when it is valid JSON, the
     * detectors over its text otherwise. The same reference when nothing changed.
     */
    public String maskJson(String document) {
        if (whole != null) {
            return whole.apply(document);
        }
        if (json.isEmpty()) {
            return document;
        }
        String masked = json.mask(document);
        return masked != null ? masked : text.mask(document);
    }

    /**
     * {@link #maskJson(String)} on UTF-8 bytes, scanned as bytes: nothing is decoded unless a rule
     * may change it. The same array when nothing changed.
     */
    public byte[] maskJson(byte[] utf8) {
        if (whole == null && json.isEmpty()) {
            return utf8;
        }
        if (whole == null) {
            byte[] masked = json.mask(utf8);
            if (masked != null) {
                return masked;
            }
        }
        String in = new String(utf8, StandardCharsets.UTF_8);
        String out = whole != null ? whole.apply(in) : text.mask(in);
        return out == in ? utf8 : out.getBytes(StandardCharsets.UTF_8);
    }
}
