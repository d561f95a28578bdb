package dev.witness.storage.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the segments to delete. Only ever a prefix of the log (the oldest segments, never
 * the active one), as Kafka does: a PURGE frame always follows the frames it removes, so
 * deleting a prefix can never resurrect a purged session on the next rebuild, and a session is
 * removed exactly when the segment holding its OPEN frame goes.
 *
 * <p>A segment is deleted from the front while any of these holds:
 * <ul>
 * <li>retention by age is on and its newest frame time is older than now minus the age;</li>
 * <li>retention by bytes is on and the segments still take more than the limit;</li>
 * <li>no live session has a frame in it (everything in it was purged, or belongs to sessions
 *     removed earlier): deleting it loses nothing.</li>
 * </ul>
 * Threading: stateless; called under the store's write lock.
 */
final class Retention {
    private Retention() {
    }

    /** Per segment facts the decision needs. */
    interface Segments {
        long size(long segment);

        /** Newest frame time of the segment in epoch micros, {@code Long.MIN_VALUE} when it holds no frame. */
        long maxTime(long segment);

        boolean hasLiveSessions(long segment);
    }

    static List<Long> expired(List<Long> segments, long active, FileStoreOptions options, long nowMicros, Segments facts) {
        long total = 0;
        for (long s : segments) {
            total += facts.size(s);
        }
        long ageCutoff = Long.MIN_VALUE;
        if (options.retentionAge() != null) {
            try {
                ageCutoff = Math.subtractExact(nowMicros, Math.multiplyExact(options.retentionAge().getSeconds(), 1_000_000L));
            } catch (ArithmeticException farBeyondAnyEventTime) {
                ageCutoff = Long.MIN_VALUE;
            }
        }
        List<Long> expired = new ArrayList<>();
        for (long s : segments) {
            if (s >= active) {
                break;
            }
            boolean tooOld = options.retentionAge() != null && facts.maxTime(s) < ageCutoff;
            boolean tooBig = options.retentionBytes() >= 0 && total > options.retentionBytes();
            if (!tooOld && !tooBig && facts.hasLiveSessions(s)) {
                break;
            }
            expired.add(s);
            total -= facts.size(s);
        }
        return expired;
    }
}
