package dev.witness.jdbc;

import dev.witness.recorder.config.ConfigKey;
import dev.witness.recorder.config.ConfigKeyProvider;

import java.util.Collection;
import java.util.List;

/** The {@code witness.jdbc.*} keys; docs/jdbc.md documents each. Registered through META-INF/services. */
public final class JdbcKeys implements ConfigKeyProvider {
    public static final ConfigKey<ResultsMode> RESULTS = ConfigKey.choice("witness.jdbc.results", ResultsMode.class,
            ResultsMode.COUNT, "What is recorded of the rows the application reads: none, count or rows.");
    public static final ConfigKey<Integer> RESULTS_MAX_ROWS = ConfigKey.integer("witness.jdbc.results.maxRows", 100,
            0, Integer.MAX_VALUE, "With results=rows: most rows recorded per result set (the count goes on).");
    public static final ConfigKey<Long> RESULTS_MAX_VALUE_BYTES = ConfigKey.bytes("witness.jdbc.results.maxValueBytes",
            "1KiB", "Longest recorded text of one value (result cell or bind parameter), in UTF-8 bytes.");
    public static final ConfigKey<Long> LOB_PREFIX_BYTES = ConfigKey.bytes("witness.jdbc.lob.prefixBytes", "0",
            "First bytes of each stream, LOB or byte array parameter recorded (base64) beside its length and SHA-256.");
    public static final ConfigKey<Boolean> PARAMETER_COLUMNS = ConfigKey.bool("witness.jdbc.parameterColumns", true,
            "Bind each ? to the table.column the SQL says it feeds (parsed on the writer thread, cached).");
    public static final ConfigKey<String> TARGET = ConfigKey.string("witness.jdbc.target", null,
            "The session target to record instead of the connection URL (which is recorded without credentials).");

    @Override
    public Collection<ConfigKey<?>> keys() {
        return List.of(RESULTS, RESULTS_MAX_ROWS, RESULTS_MAX_VALUE_BYTES, LOB_PREFIX_BYTES, PARAMETER_COLUMNS, TARGET);
    }
}
