package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * An error returned to the application (type {@code error} in the stored format).
 *
 * @param call           correlates with the {@link Statement} or send, or 0
 * @param exceptionClass the exception's class name
 * @param sqlState       the SQLState, or {@code null}
 * @param vendorCode     the vendor error code, or 0
 * @param message        the message (masked like any value when stored)
 */
public record Failure(long timeMicros, Identity identity, long call, String exceptionClass, String sqlState,
                      int vendorCode, String message) implements Event {
    @Override
    public EventType type() {
        return EventType.ERROR;
    }
}
