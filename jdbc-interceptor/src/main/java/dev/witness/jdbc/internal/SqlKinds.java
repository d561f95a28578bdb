package dev.witness.jdbc.internal;

import java.util.Locale;

/** The statement kind recorded with each statement; worked out on the writer thread. */
final class SqlKinds {
    static final int BY_TEXT = 0;
    static final int QUERY = 1;
    static final int UPDATE = 2;
    static final int CALL = 3;
    static final int BATCH = 4;

    private SqlKinds() {
    }

    /** The kind name for an execution made through {@code hint}'s method with {@code sql}. */
    static String name(int hint, String sql) {
        switch (hint) {
            case QUERY: return "query";
            case CALL: return "call";
            case BATCH: return "batch";
            default:
                String byText = byText(sql);
                if (hint == UPDATE && !byText.equals("ddl")) {
                    return "update";
                }
                return byText;
        }
    }

    static String byText(String sql) {
        if (sql == null) {
            return "other";
        }
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        if (i < n && sql.charAt(i) == '{') {
            return "call";
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) i++;
        switch (sql.substring(start, i).toLowerCase(Locale.ROOT)) {
            case "select": case "with": case "values": case "show": case "table": case "explain":
                return "query";
            case "insert": case "update": case "delete": case "merge": case "upsert": case "replace": case "copy":
                return "update";
            case "create": case "alter": case "drop": case "truncate": case "comment": case "grant": case "revoke":
            case "rename":
                return "ddl";
            case "call": case "exec": case "execute":
                return "call";
            default:
                return "other";
        }
    }
}
