package dev.witness.storage.file;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EventCursor;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import dev.witness.storage.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default store: a directory of append-only, CRC-framed segment files (the
 * truth) and an MVStore session index derived from them. Open it with {@link #open} or through
 * the {@code file:} {@link dev.witness.storage.StoreProvider}.
 *
 * <p>Threading: {@link #append}, {@link #sync}, {@link #purge}, {@link #purgeOlderThan},
 * {@link #applyRetention} and {@link #close} take one write lock, so appends from several
 * threads are serialized whole batches (the Recorder calls them from its single writer
 * thread). {@link #sessions}, {@link #session} and {@link #read} take no lock: they read
 * MVStore snapshots and the bytes the index points to, which are written before they are
 * indexed.
 *
 * <p>Invariants: a batch is one positional write into one segment; the index is committed
 * (checkpointed) only after the log was forced up to the checkpoint; a session is listed
 * exactly while its OPEN frame exists and no PURGE frame names it; the directory is owned by
 * one store at a time ({@link DirectoryLock}). A {@code clean-shutdown} marker, written last
 * by {@link #close} and deleted first by {@link #open}, tells recovery whether the last owner
 * shut down cleanly.
 */
public final class FileStore implements RecordingStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);
    private static final int IDS_PER_PURGE_FRAME = 4096;
    private static final int MAX_ORPHAN_WARNINGS = 100;

    private final Path dir;
    private final FileStoreOptions options;
    private final Clock clock;
    private final DirectoryLock lock;
    private final SessionIndex index;
    private final RecoveryReport report;
    private final BatchEncoder encoder = new BatchEncoder();
    private final Object writeLock = new Object();
    private final Set<String> warnedOrphans = new LinkedHashSet<>();
    private SegmentWriter writer;
    private long lastCheckpointNanos;
    private volatile boolean closed;

    private FileStore(Path dir, FileStoreOptions options, Clock clock, DirectoryLock lock, Recovery.Result recovered) {
        this.dir = dir;
        this.options = options;
        this.clock = clock;
        this.lock = lock;
        this.index = recovered.index;
        this.writer = recovered.writer;
        this.report = recovered.report;
        this.lastCheckpointNanos = System.nanoTime();
    }

    /**
     * Opens (creating if needed) the store in {@code dir}, recovering it if it was not shut
     * down cleanly.
     *
     * @throws dev.witness.storage.StoreLockedException if another process, or another open store in this JVM, owns {@code dir}
     * @throws StoreException if the directory cannot be created, read or repaired
     */
    public static FileStore open(Path dir, FileStoreOptions options) {
        return open(dir, options, Clock.systemUTC());
    }

    static FileStore open(Path dir, FileStoreOptions options, Clock clock) {
        Objects.requireNonNull(options, "options");
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new StoreException("cannot create store directory " + absolute + ": " + e, e);
        }
        DirectoryLock lock = DirectoryLock.acquire(absolute);
        Recovery.Result recovered = null;
        try {
            recovered = Recovery.run(lock.directory(), clock, options.directIo());
            FileStore store = new FileStore(lock.directory(), options, clock, lock, recovered);
            if (!recovered.report.cleanShutdown()) {
                LOG.warn("store {} was not shut down cleanly; recovery: {}", lock.directory(), recovered.report);
            }
            Files.deleteIfExists(lock.directory().resolve(SegmentFiles.CLEAN_SHUTDOWN));
            SegmentFiles.syncDirectory(lock.directory());
            synchronized (store.writeLock) {
                store.applyRetentionLocked();
            }
            return store;
        } catch (IOException | RuntimeException e) {
            if (recovered != null) {
                try {
                    recovered.writer.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
                recovered.index.closeImmediately();
            }
            lock.release();
            if (e instanceof StoreException) {
                throw (StoreException) e;
            }
            throw new StoreException("cannot open store " + lock.directory() + ": " + e, e);
        }
    }

    /** The store's directory (absolute, real path). */
    public Path directory() {
        return dir;
    }

    public FileStoreOptions options() {
        return options;
    }

    @Override
    public void append(AppendBatch batch) {
        Objects.requireNonNull(batch, "batch");
        synchronized (writeLock) {
            ensureOpen();
            if (batch.isEmpty()) {
                return;
            }
            encoder.encode(batch);
            ByteBuffer frames = encoder.buffer();
            try {
                if (writer.shouldRoll(frames.remaining(), options.segmentBytes(), clock.millis(), options.segmentAge().toMillis())) {
                    roll();
                }
                long base = writer.append(frames);
                long segment = writer.segment();
                for (SessionDescriptor d : batch.opened()) {
                    index.open(d, segment);
                }
                for (BatchEncoder.Run run : encoder.runs()) {
                    if (index.contains(run.sessionId)) {
                        index.addRun(run.sessionId, segment, base + run.start, base + run.end, run.maxTime);
                    } else {
                        warnOrphan(run.sessionId, run.count + " event(s)");
                    }
                }
                for (SessionDescriptor d : batch.closed()) {
                    if (!index.close(d, segment)) {
                        warnOrphan(d.id(), "its end");
                    }
                }
                if (encoder.maxTime() != Long.MIN_VALUE) {
                    index.noteSegment(segment, writer.createdMillis(), encoder.minTime(), encoder.maxTime());
                }
            } catch (IOException e) {
                throw new StoreException("cannot append to " + dir.resolve(SegmentFiles.name(writer.segment())) + ": " + e, e);
            }
        }
    }

    /** Forces the active segment to disk; at most once per checkpoint interval also commits the index. */
    @Override
    public void sync() {
        synchronized (writeLock) {
            ensureOpen();
            syncLocked(false);
        }
    }

    private void syncLocked(boolean checkpoint) {
        try {
            writer.force();
        } catch (IOException e) {
            throw new StoreException("cannot sync " + dir.resolve(SegmentFiles.name(writer.segment())) + ": " + e, e);
        }
        long now = System.nanoTime();
        if (checkpoint || now - lastCheckpointNanos >= options.checkpointInterval().toNanos()) {
            index.checkpoint(writer.segment(), writer.size());
            lastCheckpointNanos = now;
        }
    }

    @Override
    public SessionPage sessions(SessionQuery query) {
        Objects.requireNonNull(query, "query");
        ensureOpen();
        return index.query(query);
    }

    @Override
    public SessionDescriptor session(String sessionId) {
        ensureOpen();
        SessionDescriptor d = index.descriptor(sessionId);
        if (d == null) {
            throw new NoSuchSessionException(sessionId);
        }
        return d;
    }

    @Override
    public EventCursor read(String sessionId) {
        ensureOpen();
        if (!index.contains(sessionId)) {
            throw new NoSuchSessionException(sessionId);
        }
        return new SessionCursor(dir, sessionId, index.runsOf(sessionId));
    }

    /**
     * Removes sessions that ended (or, still open, last wrote) before {@code cutoff}, as
     * {@link #purge} does.
     */
    @Override
    public long purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        synchronized (writeLock) {
            ensureOpen();
            return purge(index.olderThan(cutoff));
        }
    }

    /**
     * Removes sessions: a PURGE frame naming them is appended and forced (so a rebuilt index
     * drops them too), they leave the index at once (queries and reads no longer see them),
     * and their bytes go when the segments holding them are deleted, which happens as soon as
     * those segments are the oldest and hold no live session (see {@link Retention}). Purge
     * does not rewrite segments.
     */
    @Override
    public long purge(Collection<String> sessionIds) {
        Objects.requireNonNull(sessionIds, "sessionIds");
        synchronized (writeLock) {
            ensureOpen();
            List<String> present = new ArrayList<>();
            for (String id : new LinkedHashSet<>(sessionIds)) {
                if (id != null && index.contains(id)) {
                    present.add(id);
                }
            }
            if (present.isEmpty()) {
                return 0;
            }
            try {
                for (int from = 0; from < present.size(); from += IDS_PER_PURGE_FRAME) {
                    List<String> chunk = present.subList(from, Math.min(present.size(), from + IDS_PER_PURGE_FRAME));
                    byte[][] ids = new byte[chunk.size()][];
                    for (int i = 0; i < ids.length; i++) {
                        ids[i] = chunk.get(i).getBytes(StandardCharsets.UTF_8);
                    }
                    encoder.encodePurge(ids);
                    if (writer.shouldRoll(encoder.buffer().remaining(), options.segmentBytes(), clock.millis(), options.segmentAge().toMillis())) {
                        roll();
                    }
                    writer.append(encoder.buffer());
                }
            } catch (IOException e) {
                throw new StoreException("cannot write the purge record to " + dir.resolve(SegmentFiles.name(writer.segment())) + ": " + e, e);
            }
            for (String id : present) {
                index.remove(id);
            }
            syncLocked(true);
            applyRetentionLocked();
            return present.size();
        }
    }

    /**
     * Deletes the segments that retention (by age, by total size) or purges have made
     * unnecessary; runs on open, after each roll and after each purge.
     *
     * @return the number of segments deleted
     */
    public int applyRetention() {
        synchronized (writeLock) {
            ensureOpen();
            return applyRetentionLocked();
        }
    }

    private int applyRetentionLocked() {
        if (options.keepSegmentsUntilReleased()) {
            return 0;
        }
        try {
            List<Long> segments = SegmentFiles.list(dir);
            long nowMicros = Times.micros(clock.instant());
            List<Long> expired = Retention.expired(segments, writer.segment(), options, nowMicros, new Retention.Segments() {
                @Override
                public long size(long segment) {
                    try {
                        return Files.size(SegmentFiles.path(dir, segment));
                    } catch (IOException e) {
                        return 0;
                    }
                }

                @Override
                public long maxTime(long segment) {
                    long[] info = index.segmentInfo(segment);
                    return info == null ? Long.MIN_VALUE : info[2];
                }

                @Override
                public boolean hasLiveSessions(long segment) {
                    return index.hasLiveSessions(segment);
                }
            });
            if (expired.isEmpty()) {
                return 0;
            }
            int sessionsRemoved = 0;
            for (long segment : expired) {
                sessionsRemoved += index.dropSegment(segment);
            }
            syncLocked(true);
            for (long segment : expired) {
                Files.deleteIfExists(SegmentFiles.path(dir, segment));
            }
            SegmentFiles.syncDirectory(dir);
            LOG.info("store {}: deleted {} segment(s) {} by retention, removing {} session(s) that started in them",
                    dir, expired.size(), expired, sessionsRemoved);
            return expired.size();
        } catch (IOException e) {
            throw new StoreException("store " + dir + ": retention failed: " + e, e);
        }
    }

    // ------------------------------------------------------------------ spool hooks (used by the S3 store)

    /** Number of the active segment, the one appends go to. */
    public long activeSegment() {
        synchronized (writeLock) {
            ensureOpen();
            return writer.segment();
        }
    }

    /** Bytes in the active segment. */
    public long activeSegmentSize() {
        synchronized (writeLock) {
            ensureOpen();
            return writer.size();
        }
    }

    /**
     * Seals the active segment now if it holds any frame: forces it and starts the next one.
     * A sealed segment is never written again.
     *
     * @return the number of the segment sealed, or -1 if the active segment was empty
     */
    public long seal() {
        synchronized (writeLock) {
            ensureOpen();
            if (writer.size() == 0) {
                return -1;
            }
            long sealed = writer.segment();
            try {
                roll();
                syncLocked(true);
            } catch (IOException e) {
                throw new StoreException("cannot seal " + dir.resolve(SegmentFiles.name(sealed)) + ": " + e, e);
            }
            return sealed;
        }
    }

    /** The sealed segments still on disk (every segment but the active one), ascending. */
    public List<Long> sealedSegments() {
        synchronized (writeLock) {
            ensureOpen();
            try {
                List<Long> all = SegmentFiles.list(dir);
                all.removeIf(s -> s >= writer.segment());
                return all;
            } catch (IOException e) {
                throw new StoreException("cannot list the segments of " + dir + ": " + e, e);
            }
        }
    }

    /** The file of segment {@code segment} (which may not exist). Its format is the one {@link SegmentFrames} reads. */
    public Path segmentPath(long segment) {
        return SegmentFiles.path(dir, segment);
    }

    /**
     * Deletes sealed segment {@code segment} because an archive now holds its bytes. Its runs
     * leave the index (reads of this store no longer return its events); sessions that started
     * in it stay listed and keep appending, except those that have ended and have no frame
     * left on disk, which are forgotten. The index is checkpointed before the file is deleted,
     * so a crash in between leaves a file that the next open deletes as an interrupted deletion.
     *
     * @throws IllegalArgumentException if {@code segment} is the active segment
     */
    public void release(long segment) {
        synchronized (writeLock) {
            ensureOpen();
            if (segment >= writer.segment()) {
                throw new IllegalArgumentException("segment " + segment + " is not sealed (the active segment is " + writer.segment() + ")");
            }
            index.releaseSegment(segment);
            syncLocked(true);
            try {
                Files.deleteIfExists(SegmentFiles.path(dir, segment));
                SegmentFiles.syncDirectory(dir);
            } catch (IOException e) {
                throw new StoreException("cannot delete released segment " + SegmentFiles.name(segment) + " of " + dir + ": " + e, e);
            }
        }
    }

    /** Ids of the listed sessions that ended, or (still open) last wrote, before {@code cutoff}; nothing is removed. */
    public List<String> sessionsOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        ensureOpen();
        return index.olderThan(cutoff);
    }

    private void roll() throws IOException {
        writer.force();
        long next = writer.segment() + 1;
        SegmentWriter rolled = SegmentWriter.open(dir, next, clock.millis(), options.directIo());
        SegmentWriter previous = writer;
        writer = rolled;
        previous.close();
        index.noteSegment(next, rolled.createdMillis(), Long.MAX_VALUE, Long.MIN_VALUE);
        SegmentFiles.syncDirectory(dir);
        applyRetentionLocked();
    }

    @Override
    public RecoveryReport recoveryReport() {
        return report;
    }

    /** Syncs, checkpoints the index, writes the clean-shutdown marker and releases the lock. Idempotent. */
    @Override
    public void close() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.force();
                index.checkpoint(writer.segment(), writer.size());
                index.close();
                writer.close();
                Path marker = dir.resolve(SegmentFiles.CLEAN_SHUTDOWN);
                try (FileChannel channel = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                SegmentFiles.syncDirectory(dir);
            } catch (IOException | RuntimeException e) {
                index.closeImmediately();
                throw new StoreException("store " + dir + " did not close cleanly (the next open will recover it): " + e, e);
            } finally {
                lock.release();
            }
        }
    }

    /** Stops without syncing, checkpointing or writing the clean-shutdown marker: what a crash leaves. For tests. */
    void abandon() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            index.closeImmediately();
            try {
                writer.close();
            } catch (IOException ignored) {
                // a crash would not close it either
            }
            lock.release();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("store " + dir + " is closed");
        }
    }

    private void warnOrphan(String sessionId, String what) {
        if (warnedOrphans.size() < MAX_ORPHAN_WARNINGS && warnedOrphans.add(sessionId)) {
            LOG.warn("store {}: wrote {} of session {}, which is not open in this store (never opened, purged, or removed by retention); "
                    + "they are kept in the log but not listed", dir, what, sessionId);
        }
    }

    @Override
    public String toString() {
        return "FileStore[" + dir + "]";
    }
}
