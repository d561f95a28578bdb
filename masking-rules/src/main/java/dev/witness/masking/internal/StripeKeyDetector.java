package dev.witness.masking.internal;

import java.util.List;

/**
 * Stripe secret and restricted keys ({@code sk_live_}, {@code sk_test_}, {@code rk_live_},
 * {@code rk_test_}) and webhook signing secrets ({@code whsec_}), followed by at least 24
 * alphanumerics that mix character classes. Publishable keys ({@code pk_}) are public by design
 * and left alone.
 */
final class StripeKeyDetector implements Detector {

    private static final String[] PREFIXES = {"sk_live_", "sk_test_", "rk_live_", "rk_test_", "whsec_"};

    @Override
    public String name() {
        return "stripe-key";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.underscoreOrDash && f.length >= 30;
    }

    @Override
    public void find(String s, List<Span> out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c != 's' && c != 'r' && c != 'w') || (i > 0 && Chars.base64Url(s.charAt(i - 1)))) {
                continue;
            }
            for (String p : PREFIXES) {
                if (s.startsWith(p, i)) {
                    int end = i + p.length();
                    while (end < s.length() && Chars.alnum(s.charAt(end))) {
                        end++;
                    }
                    int body = end - i - p.length();
                    if (body >= 24 && body <= 247 && !Chars.charAt(s, end, '_')
                            && Chars.mixedClasses(s, i + p.length(), end)) {
                        out.add(new Span(i, end));
                        i = end;
                    }
                    break;
                }
            }
        }
    }
}
