package dev.witness.storage.file;

import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;

/**
 * The session index: descriptors, secondary keys for the queries, and where each session's
 * frames lie, kept in an H2 MVStore file ({@value SegmentFiles#INDEX}).
 *
 * <p>The index is derived: everything in it can be rebuilt from the segments (OPEN, CLOSE,
 * EVENT and PURGE frames), and {@link Recovery} does so when it is missing or in doubt. It is
 * committed only at a checkpoint, together with the log position it reflects, and only after
 * the log was forced up to that position; MVStore commits are atomic, so after a crash the
 * index is a consistent picture of a durable prefix of the log, and recovery replays the log
 * from the checkpoint on.
 *
 * <p>Maps (keys are strings, {@code \0} separates parts, segment numbers and offsets are
 * zero-padded to 20 digits so that string order is numeric order):
 * <ul>
 * <li>{@code sessions}: id → open segment (8 bytes) + descriptor ({@link DescriptorCodec})</li>
 * <li>{@code lastWrite}: id → greatest event time, epoch micros (for purgeOlderThan on open sessions)</li>
 * <li>{@code byIdentity}, {@code byTarget}, {@code bySource}: value\0id → empty</li>
 * <li>{@code runs}: id\0segment\0start → end: one contiguous run of the session's EVENT frames</li>
 * <li>{@code segmentSessions}, {@code sessionSegments}: segment\0id and id\0segment → empty:
 *     which live sessions have frames (of any type) in which segment</li>
 * <li>{@code segments}: segment → created millis, min and max frame time (micros)</li>
 * <li>{@code meta}: {@code checkpoint} → segment, position</li>
 * </ul>
 *
 * <p>Threading: mutations come from the store's writer (under its write lock) or from recovery
 * before the store is published; queries come from any thread. MVMap reads are lock-free
 * snapshots, so a reader sees each map either before or after a given put. The writer updates
 * {@code runs} only after the frames are written, so every run a reader finds is readable.
 */
final class SessionIndex implements Closeable {
    private static final byte[] EMPTY = new byte[0];
    private static final char SEP = '\u0000';
    private static final String CHECKPOINT = "checkpoint";

    private final MVStore mv;
    private final MVMap<String, byte[]> sessions, lastWrite, byIdentity, byTarget, bySource, runs,
            segmentSessions, sessionSegments, segments, meta;
    /** Writer-only: the last run per session, to extend it instead of adding a new one. */
    private final Map<String, long[]> lastRun = new HashMap<>();

    private SessionIndex(MVStore mv) {
        this.mv = mv;
        sessions = map("sessions");
        lastWrite = map("lastWrite");
        byIdentity = map("byIdentity");
        byTarget = map("byTarget");
        bySource = map("bySource");
        runs = map("runs");
        segmentSessions = map("segmentSessions");
        sessionSegments = map("sessionSegments");
        segments = map("segments");
        meta = map("meta");
    }

    /** Opens (creating if missing) the index file. Throws whatever MVStore throws for a damaged file. */
    static SessionIndex open(Path file) {
        MVStore mv = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
        try {
            return new SessionIndex(mv);
        } catch (RuntimeException e) {
            mv.closeImmediately();
            throw e;
        }
    }

    private MVMap<String, byte[]> map(String name) {
        return mv.openMap(name, new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    // ------------------------------------------------------------------ writer side

    /** Records an OPEN frame in {@code segment}. A second OPEN of the same id replaces the descriptor. */
    void open(SessionDescriptor d, long segment) {
        byte[] existing = sessions.get(d.id());
        if (existing != null) {
            replaceDescriptor(existing, d);
        } else {
            sessions.put(d.id(), record(segment, d));
            addSecondary(d);
            lastWrite.put(d.id(), longBytes(Times.micros(d.startedAt())));
        }
        markSegment(d.id(), segment);
    }

    /** Records a CLOSE frame in {@code segment}; false if the session is unknown (never opened, or removed). */
    boolean close(SessionDescriptor d, long segment) {
        byte[] existing = sessions.get(d.id());
        if (existing == null) {
            return false;
        }
        replaceDescriptor(existing, d);
        markSegment(d.id(), segment);
        lastRun.remove(d.id());
        return true;
    }

    private void replaceDescriptor(byte[] existing, SessionDescriptor d) {
        SessionDescriptor old = DescriptorCodec.decode(ByteBuffer.wrap(existing, 8, existing.length - 8).slice());
        sessions.put(d.id(), record(ByteBuffer.wrap(existing).getLong(0), d));
        if (!Objects.equals(old.identity(), d.identity()) || !old.target().equals(d.target()) || !old.source().equals(d.source())) {
            removeSecondary(old);
            addSecondary(d);
        }
    }

    boolean contains(String id) {
        return sessions.containsKey(id);
    }

    /** Records that the session's EVENT frames occupy {@code [start, end)} of {@code segment}. */
    void addRun(String id, long segment, long start, long end, long maxTime) {
        long[] last = lastRun.get(id);
        if (last != null && last[0] == segment && last[2] == start) {
            last[2] = end;
            runs.put(runKey(id, segment, last[1]), longBytes(end));
        } else {
            runs.put(runKey(id, segment, start), longBytes(end));
            lastRun.put(id, new long[] {segment, start, end});
            markSegment(id, segment);
        }
        byte[] previous = lastWrite.get(id);
        if (previous == null || ByteBuffer.wrap(previous).getLong() < maxTime) {
            lastWrite.put(id, longBytes(maxTime));
        }
    }

    private void markSegment(String id, long segment) {
        String seg = pad(segment);
        segmentSessions.put(seg + SEP + id, EMPTY);
        sessionSegments.put(id + SEP + seg, EMPTY);
    }

    /** Records a segment and widens its time range; {@code createdMillis} is kept from the first call. */
    void noteSegment(long segment, long createdMillis, long minTime, long maxTime) {
        String key = pad(segment);
        byte[] existing = segments.get(key);
        if (existing != null) {
            ByteBuffer b = ByteBuffer.wrap(existing);
            createdMillis = b.getLong(0);
            minTime = Math.min(minTime, b.getLong(8));
            maxTime = Math.max(maxTime, b.getLong(16));
            if (minTime == b.getLong(8) && maxTime == b.getLong(16)) {
                return;
            }
        }
        segments.put(key, ByteBuffer.allocate(24).putLong(createdMillis).putLong(minTime).putLong(maxTime).array());
    }

    /** Removes a session and everything that points at it; false if it was not there. */
    boolean remove(String id) {
        byte[] existing = sessions.remove(id);
        if (existing == null) {
            return false;
        }
        removeSecondary(DescriptorCodec.decode(ByteBuffer.wrap(existing, 8, existing.length - 8).slice()));
        lastWrite.remove(id);
        lastRun.remove(id);
        String prefix = id + SEP;
        for (String key : keysWithPrefix(runs, prefix)) {
            runs.remove(key);
        }
        for (String key : keysWithPrefix(sessionSegments, prefix)) {
            sessionSegments.remove(key);
            segmentSessions.remove(key.substring(prefix.length()) + SEP + id);
        }
        return true;
    }

    /**
     * Forgets a deleted segment: sessions opened in it are removed (their start is gone), other
     * sessions lose their runs in it. Returns the number of sessions removed.
     */
    int dropSegment(long segment) {
        String seg = pad(segment);
        String prefix = seg + SEP;
        int removed = 0;
        for (String key : keysWithPrefix(segmentSessions, prefix)) {
            String id = key.substring(prefix.length());
            byte[] record = sessions.get(id);
            if (record != null && ByteBuffer.wrap(record).getLong(0) <= segment) {
                remove(id);
                removed++;
            } else {
                for (String run : keysWithPrefix(runs, id + SEP + seg + SEP)) {
                    runs.remove(run);
                }
                segmentSessions.remove(key);
                sessionSegments.remove(id + SEP + seg);
                long[] last = lastRun.get(id);
                if (last != null && last[0] == segment) {
                    lastRun.remove(id);
                }
            }
        }
        segments.remove(seg);
        return removed;
    }

    /**
     * Forgets a segment whose bytes are kept elsewhere (an archive such as the S3 store's
     * bucket): its runs leave the index, but sessions that started in it stay indexed and keep
     * appending. A session that has ended and has no frame left in any other indexed segment
     * is removed, since everything about it is now in the archive. Returns the number of
     * sessions removed.
     */
    int releaseSegment(long segment) {
        String seg = pad(segment);
        String prefix = seg + SEP;
        int removed = 0;
        for (String key : keysWithPrefix(segmentSessions, prefix)) {
            String id = key.substring(prefix.length());
            for (String run : keysWithPrefix(runs, id + SEP + seg + SEP)) {
                runs.remove(run);
            }
            segmentSessions.remove(key);
            sessionSegments.remove(id + SEP + seg);
            long[] last = lastRun.get(id);
            if (last != null && last[0] == segment) {
                lastRun.remove(id);
            }
            SessionDescriptor d = descriptor(id);
            if (d != null && d.ended() && keysWithPrefix(sessionSegments, id + SEP).isEmpty()) {
                remove(id);
                removed++;
            }
        }
        segments.remove(seg);
        return removed;
    }

    /** True if some live session has a frame in {@code segment}. */
    boolean hasLiveSessions(long segment) {
        String prefix = pad(segment) + SEP;
        String key = segmentSessions.ceilingKey(prefix);
        return key != null && key.startsWith(prefix);
    }

    /** Commits the index as reflecting the log up to {@code position} of {@code segment}. */
    void checkpoint(long segment, long position) {
        meta.put(CHECKPOINT, ByteBuffer.allocate(16).putLong(segment).putLong(position).array());
        mv.commit();
    }

    // ------------------------------------------------------------------ reader side

    /** The committed checkpoint {segment, position}, or null for a new index. */
    long[] checkpoint() {
        byte[] b = meta.get(CHECKPOINT);
        return b == null ? null : new long[] {ByteBuffer.wrap(b).getLong(0), ByteBuffer.wrap(b).getLong(8)};
    }

    /** The indexed segment numbers, ascending. */
    NavigableSet<Long> segmentNumbers() {
        NavigableSet<Long> numbers = new TreeSet<>();
        for (String key : segments.keySet()) {
            numbers.add(Long.parseLong(key));
        }
        return numbers;
    }

    /** {createdMillis, minTime, maxTime} of a segment, or null if it is not indexed. */
    long[] segmentInfo(long segment) {
        byte[] b = segments.get(pad(segment));
        if (b == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(b);
        return new long[] {buffer.getLong(0), buffer.getLong(8), buffer.getLong(16)};
    }

    SessionDescriptor descriptor(String id) {
        byte[] record = sessions.get(id);
        return record == null ? null : DescriptorCodec.decode(ByteBuffer.wrap(record, 8, record.length - 8).slice());
    }

    /** The session's runs as {segment, start, end}, in log order. */
    List<long[]> runsOf(String id) {
        String prefix = id + SEP;
        List<long[]> result = new ArrayList<>();
        Cursor<String, byte[]> cursor = runs.cursor(prefix);
        while (cursor.hasNext()) {
            String key = cursor.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            long segment = Long.parseLong(key.substring(prefix.length(), prefix.length() + 20));
            long start = Long.parseLong(key.substring(prefix.length() + 21));
            result.add(new long[] {segment, start, ByteBuffer.wrap(cursor.getValue()).getLong()});
        }
        return result;
    }

    /** Ids of sessions that ended, or (still open) last wrote, before {@code cutoff}. */
    List<String> olderThan(Instant cutoff) {
        List<String> ids = new ArrayList<>();
        Cursor<String, byte[]> cursor = sessions.cursor(null);
        while (cursor.hasNext()) {
            String id = cursor.next();
            byte[] record = cursor.getValue();
            SessionDescriptor d = DescriptorCodec.decode(ByteBuffer.wrap(record, 8, record.length - 8).slice());
            Instant last;
            if (d.endedAt() != null) {
                last = d.endedAt();
            } else {
                byte[] written = lastWrite.get(id);
                last = written == null ? d.startedAt() : Times.instant(ByteBuffer.wrap(written).getLong());
            }
            if (last.isBefore(cutoff)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * Answers a query in id order. An identity, target or source filter walks that secondary
     * map from {@code value\0afterId}; otherwise the walk is over every session from afterId.
     * Other filters are checked on each candidate. Reads one match past the page to know
     * whether there is a next page.
     */
    SessionPage query(SessionQuery q) {
        MVMap<String, byte[]> driver;
        String prefix;
        if (q.identity() != null) {
            driver = byIdentity;
            prefix = q.identity() + SEP;
        } else if (q.target() != null) {
            driver = byTarget;
            prefix = q.target() + SEP;
        } else if (q.source() != null) {
            driver = bySource;
            prefix = q.source() + SEP;
        } else {
            driver = sessions;
            prefix = "";
        }
        List<SessionDescriptor> page = new ArrayList<>();
        boolean more = false;
        Cursor<String, byte[]> cursor = driver.cursor(q.afterId() == null ? (prefix.isEmpty() ? null : prefix) : prefix + q.afterId());
        while (cursor.hasNext()) {
            String key = cursor.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            String id = key.substring(prefix.length());
            if (id.equals(q.afterId())) {
                continue;
            }
            byte[] record = driver == sessions ? cursor.getValue() : sessions.get(id);
            if (record == null) {
                continue;
            }
            SessionDescriptor d = DescriptorCodec.decode(ByteBuffer.wrap(record, 8, record.length - 8).slice());
            if (!q.matches(d)) {
                continue;
            }
            if (page.size() == q.limit()) {
                more = true;
                break;
            }
            page.add(d);
        }
        return new SessionPage(page, more ? page.get(page.size() - 1).id() : null);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Closes after a final commit. */
    @Override
    public void close() {
        mv.close();
    }

    /** Closes without committing: what a crash leaves behind (tests) or a failed open. */
    void closeImmediately() {
        mv.closeImmediately();
    }

    // ------------------------------------------------------------------ helpers

    private void addSecondary(SessionDescriptor d) {
        if (d.identity() != null) {
            byIdentity.put(d.identity() + SEP + d.id(), EMPTY);
        }
        byTarget.put(d.target() + SEP + d.id(), EMPTY);
        bySource.put(d.source() + SEP + d.id(), EMPTY);
    }

    private void removeSecondary(SessionDescriptor d) {
        if (d.identity() != null) {
            byIdentity.remove(d.identity() + SEP + d.id());
        }
        byTarget.remove(d.target() + SEP + d.id());
        bySource.remove(d.source() + SEP + d.id());
    }

    private static List<String> keysWithPrefix(MVMap<String, byte[]> map, String prefix) {
        List<String> keys = new ArrayList<>();
        java.util.Iterator<String> it = map.keyIterator(prefix);
        while (it.hasNext()) {
            String key = it.next();
            if (!key.startsWith(prefix)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }

    private static byte[] record(long openSegment, SessionDescriptor d) {
        byte[] descriptor = DescriptorCodec.encode(d);
        return ByteBuffer.allocate(8 + descriptor.length).putLong(openSegment).put(descriptor).array();
    }

    private static String runKey(String id, long segment, long start) {
        return id + SEP + pad(segment) + SEP + pad(start);
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** 20-digit zero-padded decimal, so that string order is numeric order for non-negative values. */
    static String pad(long value) {
        String digits = Long.toString(value);
        return "00000000000000000000".substring(digits.length()) + digits;
    }
}
