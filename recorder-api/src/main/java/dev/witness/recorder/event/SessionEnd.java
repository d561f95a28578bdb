package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * The last event of a closed session. The writer fills {@code eventCount} (events before this
 * one) and {@code lastHash} (hash of the previous line); what a caller passes for them is ignored.
 */
public record SessionEnd(long timeMicros, Identity identity, long eventCount, String lastHash) implements Event {
    @Override
    public EventType type() {
        return EventType.SESSION_END;
    }
}
