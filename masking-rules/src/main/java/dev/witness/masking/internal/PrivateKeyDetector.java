package dev.witness.masking.internal;

import java.util.List;

/**
 * PEM private key blocks ({@code -----BEGIN ... PRIVATE KEY-----} to the matching END line),
 * whose body holds base64 (with optional {@code Proc-Type}/{@code DEK-Info} headers; escaped
 * {@code \n} as found in JSON and log lines is accepted). A block without its END line (a
 * truncated value) is masked to the end of the text: half a key is still a key.
 */
final class PrivateKeyDetector implements Detector {

    private static final String BEGIN = "-----BEGIN ";

    @Override
    public String name() {
        return "private-key";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.dash5;
    }

    @Override
    public void find(String s, List<Span> out) {
        int from = 0;
        int at;
        while ((at = s.indexOf(BEGIN, from)) >= 0) {
            int labelEnd = s.indexOf("-----", at + BEGIN.length());
            if (labelEnd < 0) {
                return;
            }
            String label = s.substring(at + BEGIN.length(), labelEnd);
            from = labelEnd + 5;
            if (!label.endsWith("PRIVATE KEY") || label.length() > 40) {
                continue;
            }
            String endLine = "-----END " + label + "-----";
            int endAt = s.indexOf(endLine, from);
            int bodyEnd = endAt < 0 ? s.length() : endAt;
            int end = endAt < 0 ? s.length() : endAt + endLine.length();
            if (base64Body(s, from, bodyEnd)) {
                out.add(new Span(at, end));
                from = end;
            }
        }
    }

    private static boolean base64Body(String s, int from, int to) {
        int base64 = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (Chars.alnum(c) || c == '+' || c == '/' || c == '=') {
                base64++;
            } else if (!(Character.isWhitespace(c) || c == '\\' || c == ':' || c == ',' || c == '-')) {
                return false;
            }
        }
        return base64 >= 16;
    }
}
