package dev.witness.masking.internal;

import java.util.List;

/**
 * AWS secret access keys: exactly 40 characters of {@code [A-Za-z0-9/+]} standing alone, with
 * upper case, lower case and digits and the entropy of random base64 (at least 4.2 bits per
 * character). Hex digests (lower case only) and 40-character words fail these checks.
 */
final class AwsSecretKeyDetector implements Detector {

    static final double MIN_ENTROPY = 4.2;

    @Override
    public String name() {
        return "aws-secret-key";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.upper && f.digits > 0 && f.length >= 40;
    }

    private static boolean keyChar(char c) {
        return Chars.alnum(c) || c == '/' || c == '+';
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!keyChar(s.charAt(i))) {
                i++;
                continue;
            }
            int j = i;
            while (j < n && keyChar(s.charAt(j))) {
                j++;
            }
            boolean standsAlone = (i == 0 || !Chars.base64Url(s.charAt(i - 1)))
                    && (j == n || !Chars.base64Url(s.charAt(j)) && s.charAt(j) != '=');
            if (j - i == 40 && standsAlone && Chars.mixedClasses(s, i, j)
                    && Chars.entropy(s.subSequence(i, j)) >= MIN_ENTROPY) {
                out.add(new Span(i, j));
            }
            i = j;
        }
    }
}
