package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.List;

/**
 * The bind parameters of a statement: one set for a plain execution, one set per entry for a batch.
 *
 * @param call correlates with the {@link Statement}
 * @param sets the parameter sets in execution order
 */
public record Parameters(long timeMicros, Identity identity, long call, List<List<Parameter>> sets) implements Event {
    public Parameters {
        sets = sets.stream().map(List::copyOf).toList();
    }

    @Override
    public EventType type() {
        return EventType.PARAMETERS;
    }
}
