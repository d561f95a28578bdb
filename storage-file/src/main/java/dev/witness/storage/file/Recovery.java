package dev.witness.storage.file;

import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a store directory to a consistent state when it is opened, as Kafka's
 * {@code LogLoader} does: the log is the truth, the index is derived.
 *
 * <ol>
 * <li>Open the index; if it is unreadable, or its checkpoint points past the end of the log
 *     (the log lost bytes the index had seen), throw it away and rebuild from the first segment.</li>
 * <li>Reconcile: forget indexed segments whose file is gone; delete segment files older than
 *     the checkpoint that the index no longer lists (a deletion interrupted by a crash).</li>
 * <li>Replay every frame past the checkpoint into the index, checking each frame's length and
 *     CRC32C. At the first frame that is torn or fails its CRC, cut the segment back to the end
 *     of the last whole frame, keep the removed bytes in {@code <segment>.torn-<n>}, and report
 *     it. Later segments are still replayed: with no replica to refill them, dropping them
 *     would lose good data (where Kafka deletes them).</li>
 * <li>Force what was replayed, then checkpoint the index at the end of the log.</li>
 * </ol>
 * After a clean shutdown the checkpoint is the end of the log and step 3 reads nothing.
 *
 * <p>Threading: runs once, on the thread that opens the store, before the store is published.
 */
final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /** What recovery hands to the store. */
    static final class Result {
        final SessionIndex index;
        final SegmentWriter writer;
        final RecoveryReport report;

        Result(SessionIndex index, SegmentWriter writer, RecoveryReport report) {
            this.index = index;
            this.writer = writer;
            this.report = report;
        }
    }

    private final Path dir;
    private final Clock clock;
    private final boolean directIo;
    private final List<RecoveryReport.Truncation> truncations = new ArrayList<>();

    private Recovery(Path dir, Clock clock, boolean directIo) {
        this.dir = dir;
        this.clock = clock;
        this.directIo = directIo;
    }

    /** Recovers the store in {@code dir} and opens its active segment for appending (with direct I/O if asked). */
    static Result run(Path dir, Clock clock, boolean directIo) throws IOException {
        return new Recovery(dir, clock, directIo).recover();
    }

    private Result recover() throws IOException {
        boolean cleanMarker = Files.exists(dir.resolve(SegmentFiles.CLEAN_SHUTDOWN));
        List<Long> segments = SegmentFiles.list(dir);
        Path indexFile = dir.resolve(SegmentFiles.INDEX);
        boolean newStore = segments.isEmpty() && !Files.exists(indexFile);
        SessionIndex index = openIndex(indexFile);
        try {
            long[] checkpoint = index.checkpoint();
            if (checkpoint != null && !checkpointWithinLog(checkpoint, segments)) {
                LOG.warn("store {}: the index checkpoint (segment {}, offset {}) lies past the end of the log; rebuilding the index from the segments",
                        dir, checkpoint[0], checkpoint[1]);
                index = rebuildIndex(index, indexFile);
                checkpoint = null;
            }
            segments = reconcile(index, checkpoint, segments);
            for (long segment : segments) {
                if (checkpoint == null || segment >= checkpoint[0]) {
                    replay(index, segment, checkpoint != null && segment == checkpoint[0] ? checkpoint[1] : 0);
                }
            }
            long active = segments.isEmpty() ? 1 : segments.get(segments.size() - 1);
            long[] info = index.segmentInfo(active);
            long created = info == null ? clock.millis() : info[0];
            if (info == null) {
                index.noteSegment(active, created, Long.MAX_VALUE, Long.MIN_VALUE);
            }
            SegmentWriter writer = SegmentWriter.open(dir, active, created, directIo);
            if (segments.isEmpty()) {
                SegmentFiles.syncDirectory(dir);
            }
            index.checkpoint(active, writer.size());
            boolean clean = (cleanMarker || newStore) && truncations.isEmpty();
            return new Result(index, writer, new RecoveryReport(clean, truncations));
        } catch (IOException | RuntimeException e) {
            index.closeImmediately();
            throw e;
        }
    }

    private SessionIndex openIndex(Path indexFile) throws IOException {
        try {
            return SessionIndex.open(indexFile);
        } catch (RuntimeException e) {
            LOG.warn("store {}: the index {} cannot be opened ({}); rebuilding it from the segments", dir, indexFile, e.toString());
            Files.deleteIfExists(indexFile);
            return SessionIndex.open(indexFile);
        }
    }

    private SessionIndex rebuildIndex(SessionIndex index, Path indexFile) throws IOException {
        index.closeImmediately();
        Files.deleteIfExists(indexFile);
        return SessionIndex.open(indexFile);
    }

    private boolean checkpointWithinLog(long[] checkpoint, List<Long> segments) throws IOException {
        if (!segments.contains(checkpoint[0])) {
            return false;
        }
        return Files.size(SegmentFiles.path(dir, checkpoint[0])) >= checkpoint[1];
    }

    private List<Long> reconcile(SessionIndex index, long[] checkpoint, List<Long> segments) throws IOException {
        NavigableSet<Long> indexed = index.segmentNumbers();
        for (long segment : indexed) {
            if (!segments.contains(segment)) {
                int removed = index.dropSegment(segment);
                LOG.warn("store {}: segment {} is listed in the index but its file is gone; forgot it and {} session(s) that started in it",
                        dir, SegmentFiles.name(segment), removed);
            }
        }
        List<Long> kept = new ArrayList<>();
        for (long segment : segments) {
            if (checkpoint != null && segment < checkpoint[0] && !indexed.contains(segment)) {
                LOG.info("store {}: deleting {}, whose deletion was interrupted", dir, SegmentFiles.name(segment));
                Files.deleteIfExists(SegmentFiles.path(dir, segment));
            } else {
                kept.add(segment);
            }
        }
        if (kept.size() != segments.size()) {
            SegmentFiles.syncDirectory(dir);
        }
        return kept;
    }

    private void replay(SessionIndex index, long segment, long from) throws IOException {
        if (index.segmentInfo(segment) == null) {
            index.noteSegment(segment, clock.millis(), Long.MAX_VALUE, Long.MIN_VALUE);
        }
        long minTime = Long.MAX_VALUE, maxTime = Long.MIN_VALUE;
        try (FileChannel channel = FileChannel.open(SegmentFiles.path(dir, segment), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            FrameReader reader = new FrameReader(channel, from, size);
            while (true) {
                FrameReader.Status status = reader.next();
                if (status == FrameReader.Status.END) {
                    break;
                }
                if (status != FrameReader.Status.FRAME) {
                    cut(channel, segment, reader.position(), size, status);
                    break;
                }
                long time = apply(index, segment, reader);
                if (time != Long.MIN_VALUE) {
                    minTime = Math.min(minTime, time);
                    maxTime = Math.max(maxTime, time);
                }
            }
            channel.force(true);
        }
        if (maxTime != Long.MIN_VALUE) {
            index.noteSegment(segment, clock.millis(), minTime, maxTime);
        }
    }

    /** Applies one checked frame to the index; returns its time in micros, or Long.MIN_VALUE if it has none. */
    private long apply(SessionIndex index, long segment, FrameReader reader) {
        byte type = reader.type();
        switch (type) {
            case Frames.EVENT: {
                String id = reader.eventSessionId();
                long time = reader.eventTime();
                if (index.contains(id)) {
                    index.addRun(id, segment, reader.frameStart(), reader.position(), time);
                }
                return time;
            }
            case Frames.OPEN: {
                SessionDescriptor d = DescriptorCodec.decode(reader.bodyAfterType());
                index.open(d, segment);
                return Times.micros(d.startedAt());
            }
            case Frames.CLOSE: {
                SessionDescriptor d = DescriptorCodec.decode(reader.bodyAfterType());
                index.close(d, segment);
                return Times.micros(d.endedAt() == null ? d.startedAt() : d.endedAt());
            }
            case Frames.PURGE: {
                ByteBuffer body = reader.bodyAfterType();
                int count = body.getInt();
                for (int i = 0; i < count; i++) {
                    byte[] id = new byte[Short.toUnsignedInt(body.getShort())];
                    body.get(id);
                    index.remove(new String(id, StandardCharsets.UTF_8));
                }
                return Long.MIN_VALUE;
            }
            default:
                throw new StoreException("store " + dir + ": " + SegmentFiles.name(segment) + " holds a frame of unknown type " + type
                        + " at offset " + reader.frameStart() + " (its CRC is valid: was it written by a newer Witness?)");
        }
    }

    private void cut(FileChannel channel, long segment, long valid, long size, FrameReader.Status why) throws IOException {
        Path torn = SegmentFiles.tornPath(dir, segment);
        try (FileChannel out = FileChannel.open(torn, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long copied = 0;
            while (copied < size - valid) {
                copied += channel.transferTo(valid + copied, size - valid - copied, out);
            }
            out.force(true);
        }
        SegmentFiles.syncDirectory(dir);
        channel.truncate(valid);
        channel.force(true);
        LOG.warn("store {}: {} has a {} frame at offset {}; cut it back to {} bytes and kept the {} removed bytes in {}",
                dir, SegmentFiles.name(segment), why == FrameReader.Status.TORN ? "torn" : "corrupt", valid, valid, size - valid, torn.getFileName());
        truncations.add(new RecoveryReport.Truncation(SegmentFiles.name(segment), valid, size - valid, torn.getFileName().toString()));
    }
}
