package dev.witness.recorder.event;

/**
 * A Kafka record header.
 *
 * @param key   the header key
 * @param value the header value, or {@code null}
 */
public record Header(String key, Payload value) {
}
