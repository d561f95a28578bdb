package dev.witness.masking.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Masks inside a JSON document by streaming it once with jackson-core and splicing replacements
 * into the original text at the offsets of the tokens that change. Nothing is re-serialised:
 * whitespace, key order, number spelling and escapes of untouched values stay byte for byte, no
 * tree is built, and a document nothing touches comes back as the same reference.
 *
 * <p>Values selected by a JSON path get the path rule's strategy; other string values (and
 * property names and numbers) go through the detectors. A replaced number stays a number when the
 * strategy's output is a valid JSON number (FF1 on digits); otherwise it becomes a string, as do
 * replaced booleans. {@code null} is never replaced. The document must be complete and valid:
 * {@link #mask} returns {@code null} otherwise, and the caller falls back to free-text masking.
 * Thread-safe: one parser per call.
 */
public final class JsonDocumentMasker {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build())
            .build();
    private static final int MAX_DEPTH = 1000;

    /** A path and the strategy of the rule that named it. */
    public record PathBinding(JsonPath path, Strategy strategy) {
    }

    private final PathBinding[] paths;
    private final TextMasker text;
    /** The password detector's strategy: in JSON, "password": "x" is a key and a value, not text. */
    private final Strategy passwordStrategy;

    public JsonDocumentMasker(List<PathBinding> paths, TextMasker text) {
        this.paths = paths.toArray(new PathBinding[0]);
        this.text = text;
        this.passwordStrategy = text.strategyOf("password");
    }

    public boolean isEmpty() {
        return paths.length == 0 && text.isEmpty();
    }

    /** True if {@code value}'s first non-blank character opens an object or array. */
    public static boolean looksLikeJson(String value) {
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            if (c == '{' || c == '[') {
                return true;
            }
            if (!Character.isWhitespace(c)) {
                return false;
            }
        }
        return false;
    }

    private record Edit(int start, int end, String replacement) {
    }

    /** The masked document, the same reference when nothing changed, or {@code null} if not valid JSON. */
    public String mask(String json) {
        List<Edit> edits = null;
        String[] names = new String[16];
        int[] indexes = new int[16];
        int depth = 0;
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                    continue;
                }
                if (t == JsonToken.FIELD_NAME) {
                    names[depth - 1] = p.currentName();
                    if (!text.isEmpty()) {
                        edits = editName(json, p, edits);
                    }
                    continue;
                }
                if (depth > 0 && names[depth - 1] == null) {
                    indexes[depth - 1]++;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    if (depth == names.length) {
                        names = java.util.Arrays.copyOf(names, depth * 2);
                        indexes = java.util.Arrays.copyOf(indexes, depth * 2);
                    }
                    names[depth] = t == JsonToken.START_OBJECT ? "" : null;
                    indexes[depth] = -1;
                    depth++;
                    if (depth > MAX_DEPTH) {
                        return null;
                    }
                    continue;
                }
                Strategy byPath = pathStrategy(names, indexes, depth);
                if (byPath == null && passwordStrategy != null && t == JsonToken.VALUE_STRING && depth > 0
                        && names[depth - 1] != null && PasswordDetector.passwordKey(names[depth - 1])
                        && !PasswordDetector.placeholder(p.getText())) {
                    byPath = passwordStrategy;
                }
                edits = editScalar(json, p, t, byPath, edits);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return edits == null ? json : apply(json, edits);
    }

    private Strategy pathStrategy(String[] names, int[] indexes, int depth) {
        for (PathBinding b : paths) {
            if (b.path().selects(names, indexes, depth)) {
                return b.strategy();
            }
        }
        return null;
    }

    private List<Edit> editName(String json, JsonParser p, List<Edit> edits) throws IOException {
        String name = p.currentName();
        String masked = text.mask(name);
        if (masked != name) {
            int start = (int) p.currentTokenLocation().getCharOffset();
            edits = add(edits, new Edit(start, stringEnd(json, start), quote(masked)));
        }
        return edits;
    }

    private List<Edit> editScalar(String json, JsonParser p, JsonToken t, Strategy byPath, List<Edit> edits)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return edits;
        }
        String value = p.getText();
        String masked = byPath != null ? byPath.apply(value) : (t == JsonToken.VALUE_STRING || t.isNumeric()
                ? text.mask(value) : value);
        if (masked.equals(value)) {
            return edits;
        }
        int start = (int) p.currentTokenLocation().getCharOffset();
        int end;
        String replacement;
        if (t == JsonToken.VALUE_STRING) {
            end = stringEnd(json, start);
            replacement = quote(masked);
        } else {
            end = literalEnd(json, start);
            replacement = t.isNumeric() && isJsonNumber(masked) ? masked : quote(masked);
        }
        return add(edits, new Edit(start, end, replacement));
    }

    private static List<Edit> add(List<Edit> edits, Edit e) {
        List<Edit> out = edits == null ? new ArrayList<>() : edits;
        out.add(e);
        return out;
    }

    private static int stringEnd(String json, int quoteAt) {
        if (json.charAt(quoteAt) != '"') {
            throw new IllegalStateException("token offset does not point at a string");
        }
        int i = quoteAt + 1;
        while (json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static int literalEnd(String json, int start) {
        int i = start;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (Chars.alnum(c) || c == '-' || c == '+' || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    static boolean isJsonNumber(String s) {
        return s.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString();
    }

    private static String apply(String json, List<Edit> edits) {
        StringBuilder sb = new StringBuilder(json.length() + 32);
        int at = 0;
        for (Edit e : edits) {
            sb.append(json, at, e.start()).append(e.replacement());
            at = e.end();
        }
        return sb.append(json, at, json.length()).toString();
    }
}
