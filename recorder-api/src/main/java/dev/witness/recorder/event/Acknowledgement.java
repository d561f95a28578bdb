package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * The broker's answer to a produced record (type {@code ack}).
 *
 * @param call   correlates with the {@link Produce}
 * @param offset the offset, or -1 on error
 * @param error  the exception class and message, or {@code null} on success
 */
public record Acknowledgement(long timeMicros, Identity identity, long call, String topic, int partition,
                              long offset, String error) implements Event {
    @Override
    public EventType type() {
        return EventType.ACKNOWLEDGEMENT;
    }
}
