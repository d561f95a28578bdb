package dev.witness.jdbc.internal;

import dev.witness.recorder.event.Column;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of a result as recorded (label, table, JDBC type) and their lower-case labels for
 * reads by label. Immutable.
 *
 * @param columns     the columns in order
 * @param lowerLabels the labels in lower case, for {@code getXxx(String)}
 */
record ResultColumns(List<Column> columns, String[] lowerLabels) {

    /** Reads every column of {@code md}: label, table (when the driver knows it), type. */
    static ResultColumns read(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        List<Column> columns = new ArrayList<>(n);
        String[] lower = new String[n];
        for (int i = 1; i <= n; i++) {
            String label = md.getColumnLabel(i);
            String table = null;
            try {
                table = md.getTableName(i);
                if (table != null && table.isEmpty()) table = null;
            } catch (SQLException | RuntimeException ignored) {
                // not every driver knows
            }
            columns.add(new Column(label, table, ValueText.typeName(md.getColumnType(i))));
            lower[i - 1] = label == null ? "" : label.toLowerCase(Locale.ROOT);
        }
        return new ResultColumns(List.copyOf(columns), lower);
    }

    /** True if {@code md} still has these columns: same count, labels and types (the schema may change under a SQL text). */
    boolean matches(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        if (n != columns.size()) {
            return false;
        }
        for (int i = 1; i <= n; i++) {
            Column c = columns.get(i - 1);
            if (!java.util.Objects.equals(c.label(), md.getColumnLabel(i))
                    || !c.jdbcType().equals(ValueText.typeName(md.getColumnType(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The last columns seen per SQL text on one connection, so that a statement run again (a
     * point select in a loop, re-prepared each time as pools do) does not rebuild its column
     * list on the application's thread. Each hit is still checked against the driver's metadata
     * ({@link #matches}); only the table names are taken on trust. Bounded: least recently used
     * entries go first. One connection's thread at a time, like the connection.
     */
    static final class Cache {
        private static final int MAX_ENTRIES = 256;
        private final Map<String, ResultColumns> bySql = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ResultColumns> eldest) {
                return size() > MAX_ENTRIES;
            }
        };

        ResultColumns columns(String sql, ResultSetMetaData md) throws SQLException {
            if (sql == null) {
                return read(md);
            }
            ResultColumns known = bySql.get(sql);
            if (known != null && known.matches(md)) {
                return known;
            }
            ResultColumns fresh = read(md);
            bySql.put(sql, fresh);
            return fresh;
        }
    }
}
