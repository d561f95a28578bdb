package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.List;

/**
 * Offsets committed by a consumer.
 *
 * @param mode {@code sync}, {@code async} or {@code auto}
 */
public record OffsetCommit(long timeMicros, Identity identity, String group, String mode, List<TopicOffset> offsets)
        implements Event {
    public OffsetCommit {
        offsets = List.copyOf(offsets);
    }

    @Override
    public EventType type() {
        return EventType.OFFSET_COMMIT;
    }
}
