package dev.witness.storage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test data builders for the conformance kit and for backends' own tests. Every value is
 * derived from its arguments, so a test can recompute what it expects instead of keeping a
 * copy of what it wrote.
 */
public final class StoreFixtures {
    /** A fixed base time well in the past, so purge and time-range tests do not depend on the clock. */
    public static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private StoreFixtures() {
    }

    /** An open session started {@code minutesAfterT0} after {@link #T0}. */
    public static SessionDescriptor session(String id, String source, String target, String identity, long minutesAfterT0) {
        return new SessionDescriptor(id, source, target, identity, "conformance-app", "host-1", 4242L,
                T0.plus(minutesAfterT0, ChronoUnit.MINUTES), null, 0, Map.of());
    }

    /** An open jdbc session with a default target and identity. */
    public static SessionDescriptor session(String id, long minutesAfterT0) {
        return session(id, "jdbc", "jdbc:h2:mem:orders", "alice", minutesAfterT0);
    }

    /** The payload of event {@code sequence} of {@code sessionId}: deterministic, so readers can check it. */
    public static byte[] payload(String sessionId, long sequence) {
        return ("{\"session\":\"" + sessionId + "\",\"seq\":" + sequence + ",\"sql\":\"select * from orders where id = ?\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Event {@code sequence} of {@code sessionId} with the {@link #payload} bytes, timed {@code time} (epoch micros). */
    public static EncodedEvent event(String sessionId, long sequence, long timeMicros) {
        return new EncodedEvent(sessionId, sequence, timeMicros, payload(sessionId, sequence));
    }

    /** Epoch microseconds of {@code instant}. */
    public static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive) of one session, timed after its start. */
    public static List<EncodedEvent> events(SessionDescriptor session, long from, long to) {
        List<EncodedEvent> events = new ArrayList<>();
        long base = micros(session.startedAt());
        for (long seq = from; seq < to; seq++) {
            events.add(event(session.id(), seq, base + seq));
        }
        return events;
    }

    /** {@code size} random bytes from a seeded generator. */
    public static byte[] randomBytes(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
