package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * The first event of every session: what it records and where from.
 *
 * @param source      {@code jdbc}, {@code kafka-producer}, {@code kafka-consumer}, {@code scope}, ...
 * @param target      what is talked to, without credentials
 * @param application the application name, or {@code null}
 * @param host        the recording host
 * @param pid         the recording process id
 */
public record SessionStart(long timeMicros, Identity identity, String source, String target, String application,
                           String host, long pid) implements Event {
    @Override
    public EventType type() {
        return EventType.SESSION_START;
    }
}
