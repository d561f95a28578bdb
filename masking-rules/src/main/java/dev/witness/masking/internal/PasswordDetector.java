package dev.witness.masking.internal;

import java.util.List;
import java.util.Locale;

/**
 * Passwords in URLs and connection strings. Two forms, and only the secret itself is masked so
 * the rest of the URL stays readable:
 * <ul>
 *   <li>user info of a URL: {@code scheme://user:SECRET@host};</li>
 *   <li>key-value pairs whose key is a password-like word ({@code password}, {@code passwd},
 *       {@code pwd}, {@code pass}, {@code secret}, {@code client_secret}, {@code api_key},
 *       {@code apikey}, {@code access_token}, {@code auth_token}), written {@code key=value},
 *       {@code key: value} or {@code "key":"value"}, quoted or not.</li>
 * </ul>
 * Placeholders are not secrets and are left alone: {@code ?}, {@code :name}, {@code ${...}},
 * {@code <...>}, {@code [...]} (our own markers, which keeps masking idempotent), runs of
 * {@code *}, {@code null} and empty values.
 */
final class PasswordDetector implements Detector {

    private static final String[] KEYS = {
        "client_secret", "access_token", "auth_token", "password", "api_key", "apikey", "passwd", "secret", "pass", "pwd"
    };

    @Override
    public String name() {
        return "password";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.equalsOrColon || f.at;
    }

    @Override
    public void find(String s, List<Span> out) {
        userInfo(s, out);
        keyValues(s, out);
        out.sort(java.util.Comparator.comparingInt(Span::start));
    }

    private static void userInfo(String s, List<Span> out) {
        int from = 0;
        int at;
        while ((at = s.indexOf("://", from)) >= 0) {
            int start = at + 3;
            from = start;
            int end = start;
            int lastAt = -1;
            int colon = -1;
            while (end < s.length()) {
                char c = s.charAt(end);
                if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"' || c == '\'') {
                    break;
                }
                if (c == '@') {
                    lastAt = end;
                } else if (c == ':' && colon < 0 && lastAt < 0) {
                    colon = end;
                }
                end++;
            }
            if (colon > start && lastAt > colon + 1 && !placeholder(s.substring(colon + 1, lastAt))) {
                out.add(new Span(colon + 1, lastAt));
            }
        }
    }

    private static void keyValues(String s, List<Span> out) {
        String lower = s.toLowerCase(Locale.ROOT);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = lower.charAt(i);
            if (c != 'p' && c != 's' && c != 'c' && c != 'a') {
                continue;
            }
            if (i > 0 && (Character.isLetterOrDigit(lower.charAt(i - 1)) || lower.charAt(i - 1) == '_')) {
                continue;
            }
            String key = keyAt(lower, i);
            if (key == null) {
                continue;
            }
            int j = i + key.length();
            if (j < n && (lower.charAt(j) == '"' || lower.charAt(j) == '\'')) {
                j++;
            }
            while (j < n && lower.charAt(j) == ' ') {
                j++;
            }
            if (j >= n || (lower.charAt(j) != '=' && lower.charAt(j) != ':')) {
                continue;
            }
            j++;
            while (j < n && lower.charAt(j) == ' ') {
                j++;
            }
            int start;
            int end;
            if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
                char quote = s.charAt(j);
                start = j + 1;
                end = start;
                while (end < n && s.charAt(end) != quote) {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end, n);
            } else {
                start = j;
                end = start;
                while (end < n && !terminator(s.charAt(end))) {
                    end++;
                }
            }
            if (end > start && !placeholder(s.substring(start, end))) {
                out.add(new Span(start, end));
                i = end;
            }
        }
    }

    private static String keyAt(String lower, int i) {
        for (String k : KEYS) {
            if (lower.startsWith(k, i)) {
                int after = i + k.length();
                if (after < lower.length() && (Character.isLetterOrDigit(lower.charAt(after)) || lower.charAt(after) == '_')) {
                    continue;
                }
                return k;
            }
        }
        return null;
    }

    private static boolean terminator(char c) {
        return Character.isWhitespace(c) || c == ';' || c == '&' || c == ',' || c == '"' || c == '\'' || c == '}'
                || c == ')' || c == ']';
    }

    /** True if a JSON property or header called {@code name} holds a password-like value. */
    static boolean passwordKey(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String k : KEYS) {
            if (lower.equals(k)) {
                return true;
            }
        }
        return false;
    }

    static boolean placeholder(String v) {
        String t = v.strip();
        if (t.isEmpty() || t.equals("?") || t.equalsIgnoreCase("null") || t.startsWith("${") || t.startsWith(":")
                || (t.startsWith("<") && t.endsWith(">")) || (t.startsWith("[") && t.endsWith("]"))) {
            return true;
        }
        return t.chars().allMatch(c -> c == '*');
    }
}
