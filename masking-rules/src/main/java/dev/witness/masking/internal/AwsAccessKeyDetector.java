package dev.witness.masking.internal;

import java.util.List;

/**
 * AWS access key ids: a known four-letter prefix (AKIA for long-term keys, ASIA for temporary
 * ones, and the other documented unique-id prefixes) and 16 base32 characters, 20 in all, standing
 * alone.
 */
final class AwsAccessKeyDetector implements Detector {

    private static final String[] PREFIXES = {
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "AROA", "APKA", "ASCA", "A3T"
    };

    @Override
    public String name() {
        return "aws-access-key";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.upper && f.length >= 20;
    }

    private static boolean base32(char c) {
        return Chars.upper(c) || (c >= '2' && c <= '7');
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        for (int i = 0; i + 20 <= n; i++) {
            if (s.charAt(i) != 'A' || Chars.letterOrDigitAt(s, i - 1) || Chars.letterOrDigitAt(s, i + 20)) {
                continue;
            }
            if (!hasPrefix(s, i)) {
                continue;
            }
            boolean ok = true;
            for (int k = i + 4; k < i + 20 && ok; k++) {
                ok = base32(s.charAt(k));
            }
            if (ok) {
                out.add(new Span(i, i + 20));
                i += 19;
            }
        }
    }

    private static boolean hasPrefix(String s, int i) {
        for (String p : PREFIXES) {
            if (s.startsWith(p, i)) {
                return p.length() == 4 || Chars.alnum(s.charAt(i + 3));
            }
        }
        return false;
    }
}
