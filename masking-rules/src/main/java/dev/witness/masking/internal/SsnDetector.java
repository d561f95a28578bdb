package dev.witness.masking.internal;

import java.util.List;
import java.util.Locale;

/**
 * US Social Security numbers written {@code AAA-GG-SSSS} or {@code AAA GG SSSS}, and nine bare
 * digits only when "ssn" or "social security" precedes them closely. Validated by the SSA rules:
 * area not 000, 666 or 900-999; group not 00; serial not 0000; and not one of the numbers the SSA
 * published as never valid (078-05-1120, 219-09-9999).
 */
final class SsnDetector implements Detector {

    @Override
    public String name() {
        return "ssn";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.digits >= 9;
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        for (int i = 0; i + 9 <= n; i++) {
            if (!Chars.digit(s.charAt(i)) || boundaryBefore(s, i)) {
                continue;
            }
            int end = separated(s, i);
            boolean bare = false;
            if (end < 0) {
                end = bare(s, i);
                bare = end > 0;
            }
            if (end < 0 || boundaryAfter(s, end)) {
                continue;
            }
            String digits = s.substring(i, end).replace("-", "").replace(" ", "");
            if (valid(digits) && (!bare || keywordBefore(s, i))) {
                out.add(new Span(i, end));
                i = end;
            }
        }
    }

    private static boolean boundaryBefore(String s, int i) {
        return Chars.letterOrDigitAt(s, i - 1) || (Chars.charAt(s, i - 1, '-') && Chars.digitAt(s, i - 2));
    }

    private static boolean boundaryAfter(String s, int end) {
        return Chars.letterOrDigitAt(s, end) || (Chars.charAt(s, end, '-') && Chars.digitAt(s, end + 1));
    }

    private static int separated(String s, int i) {
        if (i + 11 > s.length()) {
            return -1;
        }
        char sep = s.charAt(i + 3);
        if (sep != '-' && sep != ' ' || s.charAt(i + 6) != sep) {
            return -1;
        }
        for (int k : new int[] {0, 1, 2, 4, 5, 7, 8, 9, 10}) {
            if (!Chars.digit(s.charAt(i + k))) {
                return -1;
            }
        }
        return i + 11;
    }

    private static int bare(String s, int i) {
        for (int k = 0; k < 9; k++) {
            if (!Chars.digit(s.charAt(i + k))) {
                return -1;
            }
        }
        return i + 9;
    }

    private static boolean keywordBefore(String s, int i) {
        String before = s.substring(Math.max(0, i - 24), i).toLowerCase(Locale.ROOT);
        return before.contains("ssn") || before.contains("social security") || before.contains("social_security");
    }

    static boolean valid(String d) {
        if (d.length() != 9) {
            return false;
        }
        int area = Integer.parseInt(d.substring(0, 3));
        int group = Integer.parseInt(d.substring(3, 5));
        int serial = Integer.parseInt(d.substring(5));
        if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) {
            return false;
        }
        return !d.equals("078051120") && !d.equals("219099999");
    }
}
