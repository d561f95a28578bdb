package dev.witness.storage;

import java.util.Objects;

/**
 * One stored event: the bytes of one encoded line (without the line terminator), tagged with
 * its session and its position in that session. The store treats {@code bytes} as opaque and
 * returns them unchanged; integrity (the hash chain) is verified above the store.
 *
 * @param sessionId the session this event belongs to
 * @param sequence  0-based position of the event in its session
 * @param time      event time in epoch microseconds, used for retention and time queries
 * @param bytes     the encoded event; the array must not be modified after it is handed over
 */
public record EncodedEvent(String sessionId, long sequence, long time, byte[] bytes) {
    public EncodedEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(bytes, "bytes");
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
    }
}
