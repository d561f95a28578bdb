package dev.witness.recorder;

import java.util.Map;
import java.util.Objects;

/**
 * What a new session records: its source and target, and who opened it.
 *
 * @param source     {@code jdbc}, {@code kafka-producer}, {@code kafka-consumer}, or your own
 * @param target     what is talked to, without credentials
 * @param identity   who opened the session; {@code null} takes {@link RecordingContext#currentIdentity()}
 * @param attributes extra indexed facts about the session
 */
public record SessionSpec(String source, String target, Identity identity, Map<String, String> attributes) {
    public SessionSpec {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** A session of {@code source} talking to {@code target}, opened by the current identity. */
    public static SessionSpec of(String source, String target) {
        return new SessionSpec(source, target, null, Map.of());
    }
}
