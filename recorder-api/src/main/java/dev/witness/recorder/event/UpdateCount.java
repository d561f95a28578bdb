package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.List;

/**
 * Update counts of an execution: one for a plain update, one per entry for a batch.
 *
 * @param call          correlates with the {@link Statement}
 * @param counts        the update counts (JDBC's SUCCESS_NO_INFO and EXECUTE_FAILED kept as -2 and -3)
 * @param generatedKeys generated keys as text, empty when none were asked for
 */
public record UpdateCount(long timeMicros, Identity identity, long call, List<Long> counts, List<String> generatedKeys)
        implements Event {
    public UpdateCount {
        counts = List.copyOf(counts);
        generatedKeys = List.copyOf(generatedKeys);
    }

    @Override
    public EventType type() {
        return EventType.UPDATE_COUNT;
    }
}
