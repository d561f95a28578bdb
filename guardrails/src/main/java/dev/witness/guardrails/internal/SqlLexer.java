package dev.witness.guardrails.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fallback when the parser cannot read a string: splits it into statements at semicolons
 * outside quotes ('', "", ``), comments (--, /* *&#47;) and PostgreSQL dollar quotes, and gives each
 * piece's first keyword and whether a WHERE keyword appears. Coarse on purpose: it errs towards
 * more classes (a DELETE it cannot read counts as one without WHERE unless the word WHERE
 * appears), so an unreadable statement cannot slip past a rule.
 */
final class SqlLexer {

    /** One statement piece: its first keyword (upper case, or "" if none) and whether WHERE appears. */
    record Piece(String keyword, boolean hasWhere) {
    }

    private SqlLexer() {
    }

    static List<Piece> pieces(String sql) {
        List<Piece> out = new ArrayList<>();
        int n = sql.length();
        String keyword = "";
        boolean where = false;
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int e = sql.indexOf('\n', i);
                i = e < 0 ? n : e + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int e = sql.indexOf(tag, tagEnd);
                i = e < 0 ? n : e + tag.length();
            } else if (c == ';') {
                if (!keyword.isEmpty()) {
                    out.add(new Piece(keyword, where));
                }
                keyword = "";
                where = false;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int s = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
                    i++;
                }
                String word = sql.substring(s, i).toUpperCase(Locale.ROOT);
                if (keyword.isEmpty()) {
                    keyword = word;
                } else if (word.equals("WHERE")) {
                    where = true;
                }
            } else {
                i++;
            }
        }
        if (!keyword.isEmpty()) {
            out.add(new Piece(keyword, where));
        }
        return out;
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == quote) {
                if (i + 1 < n && sql.charAt(i + 1) == quote) {
                    i += 2; // doubled quote
                    continue;
                }
                return i + 1;
            }
            if (c == '\\' && quote != '"') {
                i += 2; // MySQL-style escape; harmless elsewhere
                continue;
            }
            i++;
        }
        return n;
    }

    /** End (exclusive) of a dollar-quote tag such as {@code $$} or {@code $body$} at {@code i}, or -1. */
    private static int dollarTagEnd(String sql, int i) {
        int j = i + 1;
        while (j < sql.length() && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
            j++;
        }
        if (j < sql.length() && sql.charAt(j) == '$' && (j == i + 1 || !Character.isDigit(sql.charAt(i + 1)))) {
            return j + 1;
        }
        return -1;
    }
}
