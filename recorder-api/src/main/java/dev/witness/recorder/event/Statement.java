package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.ArrayList;
import java.util.List;

/**
 * A statement sent to a database, and, when they were known by the time it was written, what
 * came of it: its bind parameters, its update counts, and the result the application read.
 *
 * <p>Carrying them here rather than as separate {@link Parameters}, {@link UpdateCount} and
 * {@link Result} events makes one stored line per execution, which is most of the writer's cost
 * for short statements (docs/format.md, "One line per execution"). Readers that prefer the
 * separate events call {@link #parts()}.
 *
 * @param call           correlates the statement with its parameters, result, update count or error
 * @param kind           {@code query}, {@code update}, {@code ddl}, {@code call}, {@code batch} or {@code other}
 * @param sql            the SQL text as the application passed it
 * @param durationNanos  how long the driver took, or -1 if not measured
 * @param parameters     the bind parameter sets (one per batch entry), empty when none or recorded separately
 * @param updateCount    the update counts (and generated keys), or {@code null} when none or recorded separately;
 *                       stored with the statement's time, identity and call
 * @param result         the first result the application read, or {@code null} when none or recorded separately;
 *                       keeps its own time (when the application finished reading), takes the statement's
 *                       identity and call
 */
public record Statement(long timeMicros, Identity identity, long call, String kind, String sql, long durationNanos,
                        List<List<Parameter>> parameters, UpdateCount updateCount, Result result) implements Event {
    public Statement {
        if (parameters == null || parameters.isEmpty()) {
            parameters = List.of();
        } else {
            // a loop, not a stream: this runs on the writer thread for every execution
            List<List<Parameter>> sets = new ArrayList<>(parameters.size());
            for (List<Parameter> set : parameters) {
                sets.add(List.copyOf(set));
            }
            parameters = List.copyOf(sets);
        }
        // what travels on the statement's line shares its identity and call, and the counts its time
        if (updateCount != null && (updateCount.timeMicros() != timeMicros || updateCount.call() != call
                || !java.util.Objects.equals(updateCount.identity(), identity))) {
            updateCount = new UpdateCount(timeMicros, identity, call, updateCount.counts(), updateCount.generatedKeys());
        }
        if (result != null && (result.call() != call || !java.util.Objects.equals(result.identity(), identity))) {
            result = new Result(result.timeMicros(), identity, call, result.columns(), result.rows(), result.rowCount(),
                    result.truncated());
        }
    }

    /** A statement alone: its parameters, counts and result, if any, are separate events. */
    public Statement(long timeMicros, Identity identity, long call, String kind, String sql, long durationNanos) {
        this(timeMicros, identity, call, kind, sql, durationNanos, List.of(), null, null);
    }

    @Override
    public EventType type() {
        return EventType.STATEMENT;
    }

    /** True if parameters, counts or a result travel with the statement. */
    public boolean carriesOutcome() {
        return !parameters.isEmpty() || updateCount != null || result != null;
    }

    /**
     * This execution as the separate events it stands for, in the order they would have been
     * recorded: the statement alone, its {@link Parameters}, {@link UpdateCount}, {@link Result}.
     */
    @Override
    public List<Event> parts() {
        if (!carriesOutcome()) {
            return List.of(this);
        }
        List<Event> parts = new ArrayList<>(4);
        parts.add(new Statement(timeMicros, identity, call, kind, sql, durationNanos));
        if (!parameters.isEmpty()) {
            parts.add(new Parameters(timeMicros, identity, call, parameters));
        }
        if (updateCount != null) {
            parts.add(updateCount);
        }
        if (result != null) {
            parts.add(result);
        }
        return List.copyOf(parts);
    }
}
