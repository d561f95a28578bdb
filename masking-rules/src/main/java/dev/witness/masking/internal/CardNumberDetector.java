package dev.witness.masking.internal;

import java.util.List;

/**
 * Payment card numbers: 13 to 19 digits, optionally grouped by single spaces or dashes, whose
 * prefix is an issuer range (Visa, Mastercard incl. 2-series, Amex, Diners, Discover, JCB,
 * UnionPay, Maestro) valid for that length, and whose Luhn checksum holds. When a run of
 * space- or dash-separated digit groups fails as a whole, every contiguous range of its groups is
 * tried (leftmost, longest first), so a card next to a year or a quantity still matches.
 */
final class CardNumberDetector implements Detector {

    @Override
    public String name() {
        return "card";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.digits >= 13;
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        int[] digits = new int[64];
        int[] groupStart = new int[33];
        int[] groupEnd = new int[33];
        int[] countAtStart = new int[33];
        int[] countAtEnd = new int[33];
        int i = 0;
        while (i < n) {
            if (!Chars.digit(s.charAt(i)) || Chars.letterOrDigitAt(s, i - 1)) {
                i++;
                continue;
            }
            int count = 0;
            int groups = 0;
            char sep = 0;
            int j = i;
            groupStart[0] = i;
            countAtStart[0] = 0;
            while (j < n && count < digits.length && groups < 32) {
                char c = s.charAt(j);
                if (Chars.digit(c)) {
                    digits[count++] = c - '0';
                    j++;
                    groupEnd[groups] = j;
                    countAtEnd[groups] = count;
                } else if ((c == ' ' || c == '-') && (sep == 0 || sep == c) && Chars.digitAt(s, j + 1)) {
                    sep = c;
                    groups++;
                    groupStart[groups] = j + 1;
                    countAtStart[groups] = count;
                    j++;
                } else {
                    break;
                }
            }
            int last = groups;
            int end = groupEnd[last];
            if (Chars.letterOrDigitAt(s, end)) {
                i = end;
                continue;
            }
            int next = end;
            found:
            for (int a = 0; a <= last; a++) {
                for (int b = last; b >= a; b--) {
                    int from = countAtStart[a];
                    int len = countAtEnd[b] - from;
                    if (len >= 13 && len <= 19 && valid(java.util.Arrays.copyOfRange(digits, from, from + len), len)) {
                        out.add(new Span(groupStart[a], groupEnd[b]));
                        next = groupEnd[b];
                        break found;
                    }
                }
            }
            i = Math.max(next, i + 1);
        }
    }

    static boolean valid(int[] d, int len) {
        return len >= 13 && len <= 19 && issuerAllows(d, len) && luhn(d, len);
    }

    static boolean luhn(int[] d, int len) {
        int sum = 0;
        boolean dbl = false;
        for (int k = len - 1; k >= 0; k--) {
            int v = d[k];
            if (dbl) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    private static int prefix(int[] d, int k) {
        int v = 0;
        for (int i = 0; i < k; i++) {
            v = v * 10 + d[i];
        }
        return v;
    }

    static boolean issuerAllows(int[] d, int len) {
        int p1 = d[0];
        int p2 = prefix(d, 2);
        int p3 = prefix(d, 3);
        int p4 = prefix(d, 4);
        int p6 = prefix(d, 6);
        if (p1 == 4) {
            return len == 13 || len == 16 || len == 19;
        }
        if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) {
            return len == 16;
        }
        if (p2 == 34 || p2 == 37) {
            return len == 15;
        }
        if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39) {
            return len >= 14 && len <= 19;
        }
        if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 || (p6 >= 622126 && p6 <= 622925)) {
            return len >= 16 && len <= 19;
        }
        if (p4 >= 3528 && p4 <= 3589) {
            return len >= 16 && len <= 19;
        }
        if (p2 == 62) {
            return len >= 16 && len <= 19;
        }
        if (p2 == 50 || (p2 >= 56 && p2 <= 58) || p2 == 63 || p2 == 67 || p2 == 60) {
            return len >= 13 && len <= 19;
        }
        return false;
    }
}
