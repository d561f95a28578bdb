package dev.witness.recorder.event;

/**
 * A result column.
 *
 * @param label    the column label
 * @param table    the table it comes from, or {@code null} if the driver does not say
 * @param jdbcType the JDBC type name
 */
public record Column(String label, String table, String jdbcType) {
}
