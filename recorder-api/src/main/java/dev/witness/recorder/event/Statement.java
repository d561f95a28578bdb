package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * A statement sent to a database.
 *
 * @param call           correlates the statement with its parameters, result, update count or error
 * @param kind           {@code query}, {@code update}, {@code ddl}, {@code call}, {@code batch} or {@code other}
 * @param sql            the SQL text as the application passed it
 * @param durationNanos  how long the driver took, or -1 if not measured
 */
public record Statement(long timeMicros, Identity identity, long call, String kind, String sql, long durationNanos)
        implements Event {
    @Override
    public EventType type() {
        return EventType.STATEMENT;
    }
}
