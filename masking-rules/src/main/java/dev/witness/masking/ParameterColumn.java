package dev.witness.masking;

/**
 * The column a bind parameter feeds, as the SQL text says it.
 *
 * @param table  the table name as written (unquoted, without schema), or {@code null} when the
 *               statement does not make it unambiguous
 * @param column the column name as written (unquoted)
 */
public record ParameterColumn(String table, String column) {
}
