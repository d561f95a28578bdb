package dev.witness.masking.internal;

import java.util.List;

/**
 * Slack tokens ({@code xoxb-}, {@code xoxp-}, {@code xoxa-}, {@code xoxo-}, {@code xoxr-},
 * {@code xoxs-}) whose dash-separated parts are numeric ids of at least 8 digits followed by a
 * final alphanumeric secret of at least 24 characters; and incoming-webhook URLs
 * ({@code hooks.slack.com/services/T.../B.../secret}), of which the path after
 * {@code /services/} is the secret.
 */
final class SlackTokenDetector implements Detector {

    private static final String WEBHOOK = "hooks.slack.com/services/";

    @Override
    public String name() {
        return "slack-token";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.underscoreOrDash || f.length >= 50;
    }

    @Override
    public void find(String s, List<Span> out) {
        int from = 0;
        int at;
        while ((at = s.indexOf("xox", from)) >= 0) {
            from = at + 3;
            if (at + 5 > s.length() || "abposr".indexOf(s.charAt(at + 3)) < 0 || s.charAt(at + 4) != '-'
                    || (at > 0 && Chars.alnum(s.charAt(at - 1)))) {
                continue;
            }
            int end = at + 5;
            while (end < s.length() && (Chars.alnum(s.charAt(end)) || s.charAt(end) == '-')) {
                end++;
            }
            if (validToken(s.substring(at + 5, end))) {
                out.add(new Span(at, end));
                from = end;
            }
        }
        from = 0;
        while ((at = s.indexOf(WEBHOOK, from)) >= 0) {
            int start = at + WEBHOOK.length();
            int end = start;
            while (end < s.length() && (Chars.alnum(s.charAt(end)) || s.charAt(end) == '/')) {
                end++;
            }
            String[] parts = s.substring(start, end).split("/");
            if (parts.length == 3 && parts[0].startsWith("T") && parts[1].startsWith("B") && parts[2].length() >= 20) {
                out.add(new Span(start, end));
            }
            from = Math.max(end, at + 1);
        }
    }

    static boolean validToken(String rest) {
        String[] parts = rest.split("-", -1);
        if (parts.length < 3) {
            return false;
        }
        for (int k = 0; k < parts.length - 1; k++) {
            if (parts[k].length() < 8 || !parts[k].chars().allMatch(Character::isDigit)) {
                return false;
            }
        }
        String secret = parts[parts.length - 1];
        return secret.length() >= 24 && secret.chars().allMatch(c -> Chars.alnum((char) c));
    }
}
