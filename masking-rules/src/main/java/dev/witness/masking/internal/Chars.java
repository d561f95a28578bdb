package dev.witness.masking.internal;

/** Character tests shared by the detectors (ASCII only: secrets are ASCII). */
final class Chars {

    private Chars() {
    }

    static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean upper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean lower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean alnum(char c) {
        return digit(c) || upper(c) || lower(c);
    }

    static boolean base64Url(char c) {
        return alnum(c) || c == '-' || c == '_';
    }

    static boolean letterOrDigitAt(String s, int i) {
        return i >= 0 && i < s.length() && Character.isLetterOrDigit(s.charAt(i));
    }

    static boolean charAt(String s, int i, char c) {
        return i >= 0 && i < s.length() && s.charAt(i) == c;
    }

    static boolean digitAt(String s, int i) {
        return i >= 0 && i < s.length() && digit(s.charAt(i));
    }

    /** Shannon entropy in bits per character. */
    static double entropy(CharSequence s) {
        int[] counts = new int[128];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
                n++;
            }
        }
        double h = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / n;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        return h;
    }

    /** True if {@code s[from, to)} has an upper-case letter, a lower-case letter and a digit. */
    static boolean mixedClasses(String s, int from, int to) {
        boolean u = false;
        boolean l = false;
        boolean d = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            u |= upper(c);
            l |= lower(c);
            d |= digit(c);
        }
        return u && l && d;
    }
}
