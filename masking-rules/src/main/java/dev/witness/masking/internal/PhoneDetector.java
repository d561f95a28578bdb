package dev.witness.masking.internal;

import java.util.List;

/**
 * Telephone numbers: E.164 ({@code +} and 8-15 digits, optionally grouped by spaces, dots,
 * dashes or parentheses), North American numbers written with separators ({@code (415) 555-0132},
 * {@code 415-555-0132}, {@code 415.555.0132}; area and exchange codes start with 2-9), and
 * European-style national numbers with a trunk {@code 0}, 10 or 11 digits in at least two groups
 * ({@code 020 7946 0958}, {@code 06 12 34 56 78}). Bare digit runs are never phone numbers here:
 * too many ids look like them. A run of digit groups is tried from each group start and, at each
 * start, from its longest end down, so a number next to a quantity still matches.
 */
final class PhoneDetector implements Detector {

    @Override
    public String name() {
        return "phone";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.digits >= 8;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')';
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            boolean plus = c == '+';
            boolean paren = c == '(';
            if (!(plus || paren || Chars.digit(c)) || !startBoundary(s, i)) {
                i++;
                continue;
            }
            StringBuilder digits = new StringBuilder(16);
            int j = plus ? i + 1 : i;
            int end = -1;
            char prev = 'x';
            while (j < n) {
                char d = s.charAt(j);
                if (Chars.digit(d)) {
                    digits.append(d);
                    end = j + 1;
                } else if (separator(d) && !(separator(prev) && d != '(' && prev != ')')) {
                    // a separator; the shape is read from the text once the run ends
                } else {
                    break;
                }
                prev = d;
                j++;
                if (digits.length() > 15 || j - i > 40) {
                    break;
                }
            }
            if (end < 0) {
                i++;
                continue;
            }
            boolean runEndsCleanly = !Chars.letterOrDigitAt(s, end)
                    && !(Chars.charAt(s, end, '.') && Chars.digitAt(s, end + 1));
            int match = -1;
            for (int ce = end; ce > i && match < 0; ce--) {
                if (!Chars.digit(s.charAt(ce - 1)) || (ce < end && Chars.digit(s.charAt(ce)))
                        || (ce == end && !runEndsCleanly)) {
                    continue;
                }
                String candidate = s.substring(plus ? i + 1 : i, ce);
                String ds = digitsOf(candidate);
                String sh = shapeOf(candidate);
                boolean ok = plus ? e164(ds, s, i, ce) : nanp(ds, sh) || national(ds, sh);
                if (ok) {
                    match = ce;
                }
            }
            if (match > 0) {
                out.add(new Span(i, match));
                i = match;
            } else {
                // "(415-555-0132)" or "42 415-555-0132": the number may start later in the run
                i++;
            }
        }
    }

    /** Compiled once: a candidate is checked per position, so no per-call regex. */
    private static final java.util.regex.Pattern GROUP_SEPARATORS = java.util.regex.Pattern.compile("[ .\\-()]+");

    /** The digits of {@code s}, in order. */
    private static String digitsOf(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code s} with every ASCII digit replaced by 9, stripped: the number's shape. */
    private static String shapeOf(String s) {
        char[] out = s.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= '0' && out[i] <= '9') {
                out[i] = '9';
            }
        }
        return new String(out).strip();
    }

    private static boolean startBoundary(String s, int i) {
        if (i == 0) {
            return true;
        }
        char p = s.charAt(i - 1);
        return !(Character.isLetterOrDigit(p) || p == '-' || p == '_' || p == '/' || p == '.' || p == '+'
                || p == ':' || p == '#' || p == '=');
    }

    private static boolean e164(CharSequence digits, String s, int start, int end) {
        boolean opens = Chars.digitAt(s, start + 1) || Chars.charAt(s, start + 1, '(');
        return opens && end > start && digits.length() >= 8 && digits.length() <= 15 && digits.charAt(0) != '0';
    }

    private static boolean nanp(CharSequence d, String shape) {
        String digits = d.toString();
        if (digits.length() == 11 && digits.charAt(0) == '1') {
            digits = digits.substring(1);
            shape = shape.substring(1).strip();
            if (!shape.isEmpty() && (shape.charAt(0) == '-' || shape.charAt(0) == '.')) {
                shape = shape.substring(1);
            }
        }
        if (digits.length() != 10 || digits.charAt(0) < '2' || digits.charAt(3) < '2') {
            return false;
        }
        return shape.equals("(999) 999-9999") || shape.equals("(999)999-9999") || shape.equals("999-999-9999")
                || shape.equals("999.999.9999") || shape.equals("999 999 9999") || shape.equals("(999) 999 9999");
    }

    private static boolean national(CharSequence digits, String shape) {
        if (digits.length() < 10 || digits.length() > 11 || digits.charAt(0) != '0' || digits.charAt(1) == '0') {
            return false;
        }
        String[] groups = GROUP_SEPARATORS.split(shape);
        int count = 0;
        for (String g : groups) {
            if (g.isEmpty()) {
                continue;
            }
            if (g.length() < 2 || g.length() > 5) {
                return false;
            }
            count++;
        }
        return count >= 2 && count <= 5;
    }
}
