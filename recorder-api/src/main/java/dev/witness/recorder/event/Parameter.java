package dev.witness.recorder.event;

/**
 * One bind parameter.
 *
 * @param index    1-based position, or 0 for a named-only parameter
 * @param name     the parameter name (CallableStatement), or {@code null}
 * @param column   {@code table.column} the parameter binds to where the SQL says so, or {@code null}
 * @param jdbcType the JDBC type name ({@code VARCHAR}, {@code NULL}, ...), or {@code null}
 * @param value    the value as text, or {@code null} for SQL NULL
 */
public record Parameter(int index, String name, String column, String jdbcType, String value) {
}
