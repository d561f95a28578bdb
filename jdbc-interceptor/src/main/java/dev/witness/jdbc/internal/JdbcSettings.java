package dev.witness.jdbc.internal;

import dev.witness.jdbc.JdbcKeys;
import dev.witness.jdbc.ResultsMode;
import dev.witness.recorder.Backpressure;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

/**
 * The {@code witness.jdbc.*} settings resolved once per DataSource or driver configuration, as
 * plain fields for the hot path.
 *
 * @param results           what is recorded of result sets
 * @param maxRows           rows recorded per result set in {@code rows} mode
 * @param maxValueBytes     longest text of one value, in UTF-8 bytes
 * @param lobPrefixBytes    first bytes of a stream / LOB / byte array recorded (0: none)
 * @param parameterColumns  bind {@code ?} to columns on the writer
 * @param gateBeforeCall    {@code witness.backpressure=fail}: record before the driver runs the call, so a full
 *                          queue refuses it
 * @param target            the configured session target, or {@code null}
 */
public record JdbcSettings(ResultsMode results, int maxRows, int maxValueBytes, int lobPrefixBytes,
                           boolean parameterColumns, boolean gateBeforeCall, String target) {

    public static JdbcSettings of(WitnessConfig config) {
        return new JdbcSettings(config.get(JdbcKeys.RESULTS), config.get(JdbcKeys.RESULTS_MAX_ROWS),
                (int) Math.min(Integer.MAX_VALUE - 16, config.get(JdbcKeys.RESULTS_MAX_VALUE_BYTES)),
                (int) Math.min(Integer.MAX_VALUE - 16, config.get(JdbcKeys.LOB_PREFIX_BYTES)),
                config.get(JdbcKeys.PARAMETER_COLUMNS), config.get(CoreKeys.BACKPRESSURE) == Backpressure.FAIL,
                config.get(JdbcKeys.TARGET));
    }
}
