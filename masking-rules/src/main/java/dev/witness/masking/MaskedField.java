package dev.witness.masking;

import java.util.Objects;

/**
 * Where a value to mask comes from: what rules select on. Immutable; the Recorder builds one
 * per value on its writer thread (or reuses constants for fixed kinds).
 *
 * <p>{@code statement} was added after the first six components; the six-argument constructor
 * is kept so existing callers compile and link unchanged.
 *
 * @param kind      what the value is
 * @param source    the session's source ({@code jdbc}, {@code kafka-producer}, ...), or {@code null}
 * @param target    the session's target (JDBC URL without credentials, topic for Kafka values), or {@code null}
 * @param table     the table for a JDBC column or the parameter bound to one, or {@code null}
 * @param name      the column label, parameter name, header name or JSON property, or {@code null}
 * @param position  1-based position of a bind parameter or result column, 0 when not positional
 * @param statement the SQL text a {@link Kind#PARAMETER} belongs to, or {@code null}; rules that
 *                  select parameters by position match it, and when {@code table} and {@code name}
 *                  are both {@code null} the masker binds the parameter to its column itself
 *                  (see {@link SqlParameterColumns})
 */
public record MaskedField(Kind kind, String source, String target, String table, String name, int position,
                          String statement) {

    public MaskedField {
        Objects.requireNonNull(kind, "kind");
    }

    /** The original six-component form: no statement text. */
    public MaskedField(Kind kind, String source, String target, String table, String name, int position) {
        this(kind, source, target, table, name, position, null);
    }

    /** A field of {@code kind} with no further context. */
    public static MaskedField of(Kind kind) {
        return new MaskedField(kind, null, null, null, null, 0, null);
    }

    /** This field with the table and column (or label / header name) replaced. */
    public MaskedField withColumn(String newTable, String newName) {
        return new MaskedField(kind, source, target, newTable, newName, position, statement);
    }


    /** A bind parameter at 1-based {@code position} of {@code sql}; the masker finds its column. */
    public static MaskedField parameter(String sql, int position) {
        return new MaskedField(Kind.PARAMETER, null, null, null, null, position, sql);
    }

    /** What a value is. */
    public enum Kind {
        /** SQL text of a statement (literals inside it are masked by detectors). */
        SQL_TEXT,
        /** A JDBC bind parameter value. */
        PARAMETER,
        /** A JDBC result column value. */
        RESULT_VALUE,
        /** An error or exception message. */
        ERROR_MESSAGE,
        /** A Kafka record key. */
        KAFKA_KEY,
        /** A Kafka record value. */
        KAFKA_VALUE,
        /** A Kafka record header value ({@code name} is the header key). */
        KAFKA_HEADER,
        /** An identity attribute, a reason or a ticket text. */
        ATTRIBUTE,
        /** Any other free text. */
        TEXT
    }
}
