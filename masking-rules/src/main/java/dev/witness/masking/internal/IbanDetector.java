package dev.witness.masking.internal;

import java.util.List;
import java.util.Map;

/**
 * International bank account numbers, compact or in groups of four: a known country code, the
 * exact length the IBAN registry gives that country, and the ISO 7064 mod-97 check equal to 1.
 */
final class IbanDetector implements Detector {

    private static final Map<String, Integer> LENGTHS = lengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 "
            + "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 "
            + "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 "
            + "NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 "
            + "SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    private static Map<String, Integer> lengths(String table) {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String e : table.split(" ")) {
            m.put(e.substring(0, 2), Integer.parseInt(e.substring(2)));
        }
        return Map.copyOf(m);
    }

    @Override
    public String name() {
        return "iban";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.upper && f.digits >= 4 && f.length >= 15;
    }

    @Override
    public void find(String s, List<Span> out) {
        int n = s.length();
        StringBuilder compact = new StringBuilder(34);
        for (int i = 0; i + 15 <= n; i++) {
            if (!Chars.upper(s.charAt(i)) || !Chars.upper(s.charAt(i + 1)) || !Chars.digit(s.charAt(i + 2))
                    || !Chars.digit(s.charAt(i + 3)) || Chars.letterOrDigitAt(s, i - 1)) {
                continue;
            }
            Integer len = LENGTHS.get(s.substring(i, i + 2));
            if (len == null) {
                continue;
            }
            compact.setLength(0);
            int j = i;
            while (j < n && compact.length() < len) {
                char c = s.charAt(j);
                if (Chars.upper(c) || Chars.digit(c)) {
                    compact.append(c);
                    j++;
                } else if (c == ' ' && compact.length() % 4 == 0 && j + 1 < n && Chars.alnum(s.charAt(j + 1))) {
                    j++;
                } else {
                    break;
                }
            }
            if (compact.length() == len && !Chars.letterOrDigitAt(s, j) && mod97(compact) == 1) {
                out.add(new Span(i, j));
                i = j;
            }
        }
    }

    static int mod97(CharSequence iban) {
        int rem = 0;
        int len = iban.length();
        for (int k = 0; k < len; k++) {
            char c = iban.charAt((k + 4) % len);
            if (Chars.digit(c)) {
                rem = (rem * 10 + (c - '0')) % 97;
            } else {
                int v = c - 'A' + 10;
                rem = (rem * 100 + v) % 97;
            }
        }
        return rem;
    }
}
