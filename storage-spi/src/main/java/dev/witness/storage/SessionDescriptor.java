package dev.witness.storage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The metadata a store indexes for one session. Immutable.
 *
 * @param id          session id; ids sort by start time (see {@code dev.witness.recorder.SessionId})
 * @param source      what produced the session: {@code jdbc}, {@code kafka-producer}, {@code kafka-consumer}, {@code scope}, ...
 * @param target      what was talked to, without credentials (a JDBC URL minus password, a bootstrap list)
 * @param identity    principal of the identity that opened the session, or {@code null}
 * @param application application name, or {@code null}
 * @param host        host name of the recording process
 * @param pid         process id of the recording process
 * @param startedAt   when the session started
 * @param endedAt     when the session ended, or {@code null} while it is open
 * @param eventCount  number of events stored for the session (known exactly once it ended)
 * @param attributes  extra indexed attributes (identity attributes such as tenant or ticket)
 */
public record SessionDescriptor(String id, String source, String target, String identity, String application,
                                String host, long pid, Instant startedAt, Instant endedAt, long eventCount,
                                Map<String, String> attributes) {
    public SessionDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(startedAt, "startedAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** True once the session has been closed by its writer. */
    public boolean ended() {
        return endedAt != null;
    }

    /** This descriptor, closed at {@code endedAt} with {@code eventCount} events. */
    public SessionDescriptor end(Instant endedAt, long eventCount) {
        return new SessionDescriptor(id, source, target, identity, application, host, pid, startedAt,
                Objects.requireNonNull(endedAt, "endedAt"), eventCount, attributes);
    }
}
