package dev.witness.masking.internal;

import java.util.List;

/**
 * E-mail addresses, found by expanding around each {@code @} (no backtracking regex): a local part
 * of at most 64 common characters not starting, ending or doubling a dot, and a domain of at least
 * two labels of 1-63 letters, digits or inner hyphens whose last label is alphabetic.
 */
final class EmailDetector implements Detector {

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.at && f.length >= 6;
    }

    private static boolean localChar(char c) {
        return Chars.alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean domainChar(char c) {
        return Chars.alnum(c) || c == '.' || c == '-';
    }

    @Override
    public void find(String s, List<Span> out) {
        int from = 0;
        int lastEnd = 0;
        int at;
        while ((at = s.indexOf('@', from)) >= 0) {
            from = at + 1;
            int start = at;
            while (start > lastEnd && localChar(s.charAt(start - 1))) {
                start--;
            }
            while (start < at && s.charAt(start) == '.') {
                start++;
            }
            int end = at + 1;
            while (end < s.length() && domainChar(s.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
                end--;
            }
            if (valid(s, start, at, end)) {
                out.add(new Span(start, end));
                lastEnd = end;
                from = end;
            }
        }
    }

    private static boolean valid(String s, int start, int at, int end) {
        int local = at - start;
        if (local < 1 || local > 64 || end - start > 254 || s.charAt(at - 1) == '.'
                || s.substring(start, at).contains("..")) {
            return false;
        }
        String domain = s.substring(at + 1, end);
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.charAt(0) == '-'
                    || label.charAt(label.length() - 1) == '-') {
                return false;
            }
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2) {
            return false;
        }
        for (int i = 0; i < tld.length(); i++) {
            if (!Character.isLetter(tld.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
