package dev.witness.jdbc;

import dev.witness.recorder.RecordingRejectedException;

import java.sql.SQLTransientException;

/**
 * The one exception Witness adds to JDBC: under {@code witness.backpressure=fail}, when the
 * recording queue is full, the call is refused before the driver sees it, so nothing runs
 * unrecorded. SQLState {@value #SQL_STATE}, vendor code 0, cause the {@link RecordingRejectedException}.
 *
 * <p>Why 57W01: class 57 is "operator intervention" (a policy of the operator refused the call)
 * and W marks an implementation-defined subclass. Class 08 was avoided on purpose: pools such as
 * HikariCP treat every 08xxx SQLState as a dead connection and evict it, which would turn a
 * burst of backpressure into connection churn. It extends {@link SQLTransientException} because
 * retrying later may succeed.
 */
public final class WitnessRejectedSQLException extends SQLTransientException {
    private static final long serialVersionUID = 1L;

    /** The SQLState of a refused call. */
    public static final String SQL_STATE = "57W01";

    public WitnessRejectedSQLException(RecordingRejectedException cause) {
        super(cause.getMessage(), SQL_STATE, 0, cause);
    }
}
