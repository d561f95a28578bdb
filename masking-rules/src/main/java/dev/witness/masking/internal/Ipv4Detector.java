package dev.witness.masking.internal;

import java.util.List;

/**
 * IPv4 addresses in dotted-quad form: four decimal octets 0-255 without leading zeros, standing
 * alone (not part of a longer dotted number such as a version string). Opt-in: addresses are
 * personal data in some jurisdictions but noise in most recordings.
 */
final class Ipv4Detector implements Detector {

    @Override
    public String name() {
        return "ipv4";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.digits >= 4 && f.length >= 7;
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (!Chars.digit(s.charAt(i)) || Chars.letterOrDigitAt(s, i - 1) || Chars.charAt(s, i - 1, '.')) {
                continue;
            }
            int j = i;
            int octets = 0;
            boolean ok = true;
            while (ok && octets < 4) {
                int start = j;
                while (j < n && Chars.digit(s.charAt(j)) && j - start < 4) {
                    j++;
                }
                int len = j - start;
                ok = len >= 1 && len <= 3 && (len == 1 || s.charAt(start) != '0')
                        && Integer.parseInt(s, start, j, 10) <= 255;
                octets++;
                if (ok && octets < 4) {
                    ok = Chars.charAt(s, j, '.');
                    j++;
                }
            }
            if (ok && !Chars.letterOrDigitAt(s, j) && !(Chars.charAt(s, j, '.') && Chars.digitAt(s, j + 1))) {
                out.add(new Span(i, j));
                i = j;
            }
        }
    }
}
