package dev.witness.masking.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The JSON path subset rules use: {@code $}, then {@code .name}, {@code ['name']}, {@code .*},
 * {@code [n]}, {@code [*]} and {@code ..name} (that name at any depth). A path that selects an
 * object or array masks every scalar inside it. Names compare case-sensitively, as JSON does.
 * Matching is done by {@link JsonDocumentMasker}, which runs every path of a field at once.
 */
public final class JsonPath {

    private final String text;
    private final Segment[] segments;

    private JsonPath(String text, Segment[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /** One step of a path: a name or index, any name or index, or a name at any depth. */
    record Segment(String name, int index, boolean wildcard, boolean deep) {
    }

    /** Parses {@code text}; throws {@link IllegalArgumentException} saying what is wrong. */
    public static JsonPath parse(String text) {
        if (!text.startsWith("$")) {
            throw new IllegalArgumentException("must start with '$'");
        }
        List<Segment> out = new ArrayList<>();
        int i = 1;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '.') {
                boolean deep = i + 1 < n && text.charAt(i + 1) == '.';
                i += deep ? 2 : 1;
                int start = i;
                while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    i++;
                }
                String name = text.substring(start, i);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty name at offset " + start);
                }
                out.add("*".equals(name) ? new Segment(null, -1, true, deep) : new Segment(name, -1, false, deep));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'[' at offset " + i + " is not closed");
                }
                String inner = text.substring(i + 1, close).strip();
                if (inner.equals("*")) {
                    out.add(new Segment(null, -1, true, false));
                } else if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    out.add(new Segment(inner.substring(1, inner.length() - 1), -1, false, false));
                } else {
                    try {
                        int index = Integer.parseInt(inner);
                        if (index < 0) {
                            throw new IllegalArgumentException("negative index at offset " + i);
                        }
                        out.add(new Segment(null, index, false, false));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'[" + inner + "]' is not an index, '*' or a quoted name");
                    }
                }
                i = close + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at offset " + i);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("selects the whole document; use a column or kind rule instead");
        }
        return new JsonPath(text, out.toArray(new Segment[0]));
    }

    /** The steps, in order (read by {@link JsonDocumentMasker}'s automaton). */
    Segment[] segments() {
        return segments;
    }

    @Override
    public String toString() {
        return text;
    }
}
