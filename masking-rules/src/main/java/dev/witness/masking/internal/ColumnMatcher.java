package dev.witness.masking.internal;

/**
 * {@code table.column} or a bare {@code column} (any table; also a result column's label), each
 * part a {@link Glob}. A column with no known table matches only bare patterns and
 * {@code *.column}.
 */
public record ColumnMatcher(Glob table, Glob column) {

    public static ColumnMatcher parse(String text) {
        int dot = text.lastIndexOf('.');
        return dot < 0
                ? new ColumnMatcher(null, new Glob(text))
                : new ColumnMatcher(new Glob(text.substring(0, dot)), new Glob(text.substring(dot + 1)));
    }

    boolean matches(String tableName, String columnName) {
        if (!column.matches(columnName)) {
            return false;
        }
        if (table == null || "*".equals(table.toString())) {
            return true;
        }
        if (tableName == null) {
            return false;
        }
        int dot = tableName.lastIndexOf('.');
        return table.matches(tableName) || (dot >= 0 && table.matches(tableName.substring(dot + 1)));
    }
}
