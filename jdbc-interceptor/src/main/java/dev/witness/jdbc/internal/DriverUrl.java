package dev.witness.jdbc.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code jdbc:witness:<rest>} URL taken apart: the real URL {@code jdbc:<rest>} without any
 * {@code witness.*} parameter, and those parameters. Both parameter syntaxes drivers use are
 * understood: {@code ?a=b&c=d} (PostgreSQL, MySQL, ...; values URL-decoded) and {@code ;a=b}
 * (H2, Derby, SQL Server). The real driver never sees a witness.* parameter.
 *
 * @param realUrl    the URL handed to the real driver
 * @param parameters the witness.* parameters, in order
 */
public record DriverUrl(String realUrl, Map<String, String> parameters) {
    public static final String PREFIX = "jdbc:witness:";
    private static final String KEY_PREFIX = "witness.";

    public static boolean accepts(String url) {
        return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    public static DriverUrl parse(String url) {
        if (!accepts(url)) {
            throw new IllegalArgumentException("not a Witness JDBC URL (expected " + PREFIX + "...): " + url);
        }
        String rest = url.substring(PREFIX.length());
        Map<String, String> params = new LinkedHashMap<>();
        int q = rest.indexOf('?');
        String head = q < 0 ? rest : rest.substring(0, q);
        String query = q < 0 ? null : rest.substring(q + 1);

        StringBuilder real = new StringBuilder("jdbc:");
        String[] segments = head.split(";", -1);
        real.append(segments[0]);
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.trim().startsWith(KEY_PREFIX)) {
                int eq = s.indexOf('=');
                params.put((eq < 0 ? s : s.substring(0, eq)).trim(), eq < 0 ? "" : s.substring(eq + 1).trim());
            } else {
                real.append(';').append(s);
            }
        }
        if (query != null) {
            StringBuilder kept = new StringBuilder();
            for (String p : query.split("&", -1)) {
                int eq = p.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8);
                if (key.startsWith(KEY_PREFIX)) {
                    params.put(key, eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
                } else if (!p.isEmpty()) {
                    kept.append(kept.length() == 0 ? "" : "&").append(p);
                }
            }
            if (kept.length() > 0) {
                real.append('?').append(kept);
            }
        }
        return new DriverUrl(real.toString(), Map.copyOf(params));
    }
}
