package dev.witness.jdbc;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** What a JDBC scenario saw, line by line, to compare a raw run with a recorded one. */
final class Transcript {
    final List<String> lines = new ArrayList<>();

    void add(String label, Object value) {
        lines.add(label + " = " + text(value));
    }

    static String text(Object v) {
        if (v instanceof byte[] b) return "bytes" + Arrays.toString(b);
        if (v instanceof int[] a) return Arrays.toString(a);
        if (v instanceof long[] a) return Arrays.toString(a);
        if (v instanceof Object[] a) return Arrays.deepToString(a);
        return String.valueOf(v);
    }

    /** Every row and column of {@code rs} through getObject, with its metadata. */
    void rows(String label, ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder cols = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            cols.append(md.getColumnLabel(i)).append(':').append(md.getColumnType(i)).append(':')
                    .append(md.getColumnTypeName(i)).append(' ');
        }
        add(label + ".columns", cols);
        int n = 0;
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.append(text(rs.getObject(i))).append(" | ");
            }
            add(label + ".row" + n++, row);
        }
        add(label + ".rowCount", n);
    }

    void error(String label, Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getName());
        if (e instanceof SQLException s) {
            sb.append(" state=").append(s.getSQLState()).append(" code=").append(s.getErrorCode());
        }
        sb.append(" message=").append(e.getMessage());
        add(label + ".error", sb);
    }

    void warnings(String label, SQLWarning w) {
        int i = 0;
        for (SQLWarning x = w; x != null; x = x.getNextWarning()) {
            add(label + ".warning" + i++, x.getSQLState() + " " + x.getMessage());
        }
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Runs {@code step}; an exception becomes a line. */
    void attempt(String label, Step step) {
        try {
            step.run();
            add(label, "ok");
        } catch (Exception e) {
            error(label, e);
        }
    }
}
