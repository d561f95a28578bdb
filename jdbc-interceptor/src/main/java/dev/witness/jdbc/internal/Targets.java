package dev.witness.jdbc.internal;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Session targets without credentials: a JDBC URL loses its user-info part ({@code //user:pw@host})
 * and every user / password style parameter, in {@code ?a=b&c=d} and in {@code ;a=b} form.
 */
public final class Targets {
    private static final Pattern USER_INFO = Pattern.compile("//[^/@?;]*@");

    private Targets() {
    }

    public static String withoutCredentials(String url) {
        if (url == null) {
            return "unknown";
        }
        String u = USER_INFO.matcher(url).replaceFirst("//");
        int q = u.indexOf('?');
        String head = q < 0 ? u : u.substring(0, q);
        String query = q < 0 ? null : u.substring(q + 1);
        StringBuilder sb = new StringBuilder();
        String[] segments = head.split(";", -1);
        sb.append(segments[0]);
        for (int i = 1; i < segments.length; i++) {
            if (!isCredential(segments[i])) {
                sb.append(';').append(segments[i]);
            }
        }
        if (query != null) {
            StringBuilder kept = new StringBuilder();
            for (String p : query.split("&")) {
                if (!p.isEmpty() && !isCredential(p)) {
                    kept.append(kept.length() == 0 ? "" : "&").append(p);
                }
            }
            if (kept.length() > 0) {
                sb.append('?').append(kept);
            }
        }
        return sb.toString();
    }

    private static boolean isCredential(String parameter) {
        int eq = parameter.indexOf('=');
        String name = (eq < 0 ? parameter : parameter.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        return name.equals("user") || name.equals("username") || name.contains("password") || name.equals("pwd")
                || name.contains("secret") || name.contains("token") || name.equals("sslpassword")
                || name.equals("sslkey") || name.contains("credential");
    }
}
