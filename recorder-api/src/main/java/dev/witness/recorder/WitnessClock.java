package dev.witness.recorder;

/**
 * Wall-clock time in microseconds without allocating, for event timestamps taken on the
 * application's thread. {@code Instant.now()} allocates and has no cheaper micro-precision
 * variant on Java 17, so the clock is anchored once to the wall clock and advanced with
 * {@link System#nanoTime()}. The anchor is refreshed when the two drift apart by more than a
 * millisecond (NTP steps), checked at most once a second.
 */
public final class WitnessClock {
    private static final long RESYNC_INTERVAL_NANOS = 1_000_000_000L;
    private static volatile Anchor anchor = Anchor.now();

    private WitnessClock() {
    }

    /** Microseconds since the epoch. */
    public static long nowMicros() {
        long nanos = System.nanoTime();
        Anchor a = anchor;
        long elapsed = nanos - a.nanos;
        if (elapsed > RESYNC_INTERVAL_NANOS) {
            a = resync(a);
            elapsed = nanos - a.nanos;
        }
        return a.micros + elapsed / 1000;
    }

    private static Anchor resync(Anchor old) {
        Anchor fresh = Anchor.now();
        long predicted = old.micros + (fresh.nanos - old.nanos) / 1000;
        // Keep the old anchor's timeline unless the wall clock moved away from it: avoids time
        // going backwards by a few microseconds at each resync.
        Anchor next = Math.abs(predicted - fresh.micros) > 1000 ? fresh : new Anchor(predicted, fresh.nanos);
        anchor = next;
        return next;
    }

    private record Anchor(long micros, long nanos) {
        static Anchor now() {
            java.time.Instant i = java.time.Instant.now();
            return new Anchor(i.getEpochSecond() * 1_000_000L + i.getNano() / 1000, System.nanoTime());
        }
    }
}
