package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * Events that were not recorded, written where they would have been: by the {@code drop}
 * backpressure policy (a full queue), a failing interceptor, or recovery of a torn tail.
 *
 * @param dropped how many events are missing here
 * @param reason  why, e.g. {@code queue_full}
 */
public record Gap(long timeMicros, Identity identity, long dropped, String reason) implements Event {
    @Override
    public EventType type() {
        return EventType.GAP;
    }
}
