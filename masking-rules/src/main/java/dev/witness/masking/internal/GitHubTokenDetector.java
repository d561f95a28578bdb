package dev.witness.masking.internal;

import java.util.List;

/**
 * GitHub tokens: {@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_} followed by
 * exactly 36 alphanumerics, and fine-grained {@code github_pat_} tokens (82 characters of
 * {@code [A-Za-z0-9_]}); the random part must mix upper case, lower case and digits.
 */
final class GitHubTokenDetector implements Detector {

    @Override
    public String name() {
        return "github-token";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.underscoreOrDash && f.length >= 40;
    }

    @Override
    public void find(String s, List<Span> out) {
        int from = 0;
        int at;
        while ((at = s.indexOf("gh", from)) >= 0) {
            from = at + 2;
            if (at > 0 && Chars.base64Url(s.charAt(at - 1))) {
                continue;
            }
            int end = classic(s, at);
            if (end < 0) {
                end = fineGrained(s, at);
            }
            if (end > 0) {
                out.add(new Span(at, end));
                from = end;
            }
        }
    }

    private static int classic(String s, int at) {
        if (at + 40 > s.length() || "pousr".indexOf(s.charAt(at + 2)) < 0 || s.charAt(at + 3) != '_') {
            return -1;
        }
        int end = at + 4;
        while (end < s.length() && Chars.alnum(s.charAt(end))) {
            end++;
        }
        boolean ok = end - at == 40 && !Chars.base64Url(charOr(s, end)) && Chars.mixedClasses(s, at + 4, end);
        return ok ? end : -1;
    }

    private static int fineGrained(String s, int at) {
        if (!s.startsWith("github_pat_", at)) {
            return -1;
        }
        int end = at + 11;
        while (end < s.length() && (Chars.alnum(s.charAt(end)) || s.charAt(end) == '_')) {
            end++;
        }
        return end - at - 11 == 82 && Chars.mixedClasses(s, at + 11, end) ? end : -1;
    }

    private static char charOr(String s, int i) {
        return i < s.length() ? s.charAt(i) : ' ';
    }
}
