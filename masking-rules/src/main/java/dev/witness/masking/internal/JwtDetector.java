package dev.witness.masking.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * JSON Web Tokens: three base64url parts joined by dots (the signature may be empty for
 * {@code alg: none}), whose first part decodes to a JSON object with a string {@code alg} and
 * whose second part decodes as base64url.
 */
final class JwtDetector implements Detector {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public boolean mayMatch(TextFeatures f) {
        return f.length >= 20;
    }

    @Override
    public void find(String s, List<Span> out) {
        int from = 0;
        int at;
        while ((at = s.indexOf("eyJ", from)) >= 0) {
            from = at + 3;
            if (at > 0 && Chars.base64Url(s.charAt(at - 1))) {
                continue;
            }
            int dot1 = run(s, at);
            if (!Chars.charAt(s, dot1, '.')) {
                continue;
            }
            int dot2 = run(s, dot1 + 1);
            if (!Chars.charAt(s, dot2, '.') || dot2 == dot1 + 1) {
                continue;
            }
            int end = run(s, dot2 + 1);
            if (Chars.charAt(s, end, '.') && Chars.base64Url(charOr(s, end + 1))) {
                continue;
            }
            if (headerHasAlg(s.substring(at, dot1)) && decodes(s.substring(dot1 + 1, dot2))) {
                out.add(new Span(at, end));
                from = end;
            }
        }
    }

    private static char charOr(String s, int i) {
        return i < s.length() ? s.charAt(i) : ' ';
    }

    private static int run(String s, int i) {
        while (i < s.length() && Chars.base64Url(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean decodes(String part) {
        try {
            Base64.getUrlDecoder().decode(part);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean headerHasAlg(String part) {
        byte[] json;
        try {
            json = Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            return false;
        }
        try (JsonParser p = JSON.createParser(new String(json, StandardCharsets.UTF_8))) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean alg = false;
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("alg".equals(name) && v == JsonToken.VALUE_STRING) {
                    alg = true;
                }
                p.skipChildren();
            }
            return alg && t == JsonToken.END_OBJECT;
        } catch (IOException e) {
            return false;
        }
    }
}
