package dev.witness.cli.viewer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Builds HTML text. Every piece of recorded data passes {@link #text(String)} (element content
 * and attribute values alike), so a statement, value or header holding markup stays text: a
 * recording is attacker-influenced data (an application logs what its users typed).
 */
final class Html {
    private final StringBuilder b = new StringBuilder(8192);

    /** Escapes {@code & < > " '} for element content and quoted attribute values. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (rep != null) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                out.append(rep);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    /** A query or path component. */
    static String url(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** Appends trusted markup written in this package (never data). */
    Html raw(String markup) {
        b.append(markup);
        return this;
    }

    /** Appends data as text. */
    Html text(String data) {
        b.append(escape(data));
        return this;
    }

    /** {@code <tag class="cls">data</tag>}, data escaped. */
    Html el(String tag, String cls, String data) {
        b.append('<').append(tag);
        if (cls != null) {
            b.append(" class=\"").append(escape(cls)).append('"');
        }
        b.append('>').append(escape(data)).append("</").append(tag).append('>');
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
