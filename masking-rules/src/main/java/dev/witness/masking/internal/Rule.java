package dev.witness.masking.internal;

import dev.witness.masking.MaskedField;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One compiled masking rule: what it selects, where, and the strategy that replaces it. Built
 * once by the loader; immutable.
 *
 * @param name          unique within a rules document; also the redaction marker
 * @param scope         kinds, source, target, topic
 * @param columns       JDBC result columns and the parameters bound to them
 * @param columnPattern regex on the column name or label, or {@code null}
 * @param parameters    bind parameters by position for matching statements
 * @param jsonPaths     paths inside any JSON value
 * @param headers       Kafka header names (lower case)
 * @param headerPattern regex on Kafka header names, or {@code null}
 * @param kafkaKey      whether the whole Kafka record key is selected
 * @param detectors     detectors run over free text and JSON strings
 * @param strategy      how matches are replaced
 */
public record Rule(String name, Scope scope, List<ColumnMatcher> columns, Pattern columnPattern,
                   List<PositionSelector> parameters, List<JsonPath> jsonPaths, Set<String> headers,
                   Pattern headerPattern, boolean kafkaKey, List<Detector> detectors, Strategy strategy) {

    /** True if this rule replaces the whole value of {@code f} (a column, header, key or position). */
    boolean selectsWhole(MaskedField f) {
        switch (f.kind()) {
            case PARAMETER:
                for (PositionSelector p : parameters) {
                    if (p.matches(f.statement(), f.position())) {
                        return true;
                    }
                }
                return selectsColumn(f);
            case RESULT_VALUE:
                return selectsColumn(f);
            case KAFKA_HEADER:
                return f.name() != null && (headers.contains(f.name().toLowerCase(java.util.Locale.ROOT))
                        || (headerPattern != null && headerPattern.matcher(f.name()).find()));
            case KAFKA_KEY:
                return kafkaKey;
            default:
                return false;
        }
    }

    private boolean selectsColumn(MaskedField f) {
        if (f.name() == null) {
            return false;
        }
        for (ColumnMatcher c : columns) {
            if (c.matches(f.table(), f.name())) {
                return true;
            }
        }
        return columnPattern != null && columnPattern.matcher(f.name()).find();
    }
}
