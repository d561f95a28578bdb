package dev.witness.storage.file;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Turns one {@link AppendBatch} into the bytes of one write: OPEN frames, then the EVENT frames
 * grouped by session (each session's events stay in batch order), then CLOSE frames.
 *
 * <p>Why grouped: only the order within a session is part of the contract, and grouping makes
 * each session's share of a batch one contiguous run, so the index stores one (segment,
 * start, end) per session per batch and a read touches only that session's bytes.
 *
 * <p>Threading: owned by the writer (called under the store's write lock). Hot path: per
 * event it does one hash lookup and copies the payload into a reused direct buffer; the only
 * allocations are per session of the batch (its UTF-8 id and run record), never per event.
 */
final class BatchEncoder {
    private static final int DEFAULT_CAPACITY = 1 << 20;
    private static final int KEEP_AT_MOST = 16 << 20;

    /** One session's share of the batch. Offsets are relative to the start of the batch. */
    static final class Run {
        final String sessionId;
        final byte[] id;
        int head = -1, tail = -1, count;
        long start, end;
        long maxTime = Long.MIN_VALUE;

        Run(String sessionId) {
            this.sessionId = sessionId;
            this.id = sessionId.getBytes(StandardCharsets.UTF_8);
            if (id.length > Frames.MAX_ID_BYTES) {
                throw new StoreException("session id longer than " + Frames.MAX_ID_BYTES + " bytes: " + sessionId.substring(0, 64) + "...");
            }
        }
    }

    private final CRC32C crc = new CRC32C();
    private final Map<String, Run> runsById = new HashMap<>();
    private final List<Run> runs = new ArrayList<>();
    private final List<byte[]> openDescriptors = new ArrayList<>();
    private final List<byte[]> closeDescriptors = new ArrayList<>();
    private ByteBuffer buffer = ByteBuffer.allocateDirect(DEFAULT_CAPACITY);
    private int[] next = new int[1024];
    private long minTime, maxTime;

    /** Encodes {@code batch}; afterwards {@link #buffer()} holds the frames, ready to write. */
    void encode(AppendBatch batch) {
        runsById.clear();
        runs.clear();
        openDescriptors.clear();
        closeDescriptors.clear();
        minTime = Long.MAX_VALUE;
        maxTime = Long.MIN_VALUE;
        List<EncodedEvent> events = batch.events();
        int n = events.size();
        if (next.length < n) {
            next = new int[Math.max(n, next.length * 2)];
        }
        long size = 0;
        for (SessionDescriptor d : batch.opened()) {
            byte[] encoded = DescriptorCodec.encode(d);
            openDescriptors.add(encoded);
            size += Frames.descriptorFrameSize(encoded);
            time(d.startedAt());
        }
        for (int i = 0; i < n; i++) {
            EncodedEvent e = events.get(i);
            Run run = runsById.get(e.sessionId());
            if (run == null) {
                run = new Run(e.sessionId());
                runsById.put(e.sessionId(), run);
                runs.add(run);
                run.head = i;
            } else {
                next[run.tail] = i;
            }
            run.tail = i;
            next[i] = -1;
            run.count++;
            long t = e.time();
            if (t > run.maxTime) {
                run.maxTime = t;
            }
            if (t < minTime) {
                minTime = t;
            }
            if (t > maxTime) {
                maxTime = t;
            }
            size += Frames.eventFrameSize(run.id.length, e.bytes().length);
        }
        for (SessionDescriptor d : batch.closed()) {
            byte[] encoded = DescriptorCodec.encode(d);
            closeDescriptors.add(encoded);
            size += Frames.descriptorFrameSize(encoded);
            time(d.endedAt() == null ? d.startedAt() : d.endedAt());
        }
        if (size > Frames.MAX_BODY) {
            throw new StoreException("batch of " + size + " bytes is larger than the largest write (" + Frames.MAX_BODY + " bytes); split it");
        }
        ensureCapacity((int) size);
        for (byte[] d : openDescriptors) {
            Frames.putDescriptor(buffer, Frames.OPEN, d, crc);
        }
        for (Run run : runs) {
            run.start = buffer.position();
            for (int i = run.head; i >= 0; i = next[i]) {
                EncodedEvent e = events.get(i);
                Frames.putEvent(buffer, run.id, e.sequence(), e.time(), e.bytes(), crc);
            }
            run.end = buffer.position();
        }
        for (byte[] d : closeDescriptors) {
            Frames.putDescriptor(buffer, Frames.CLOSE, d, crc);
        }
        buffer.flip();
    }

    /** Encodes one PURGE frame. */
    void encodePurge(byte[][] ids) {
        runsById.clear();
        runs.clear();
        minTime = Long.MAX_VALUE;
        maxTime = Long.MIN_VALUE;
        ensureCapacity(Frames.purgeFrameSize(ids));
        Frames.putPurge(buffer, ids, crc);
        buffer.flip();
    }

    private void time(java.time.Instant instant) {
        long micros = Times.micros(instant);
        minTime = Math.min(minTime, micros);
        maxTime = Math.max(maxTime, micros);
    }

    private void ensureCapacity(int size) {
        if (buffer.capacity() < size || (buffer.capacity() > KEEP_AT_MOST && size <= DEFAULT_CAPACITY)) {
            buffer = ByteBuffer.allocateDirect(Math.max(size, DEFAULT_CAPACITY));
        }
        buffer.clear();
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** The sessions with events in the last batch, in first-appearance order. */
    List<Run> runs() {
        return runs;
    }

    /** Smallest event/descriptor time of the last batch in epoch micros, {@code Long.MAX_VALUE} if none. */
    long minTime() {
        return minTime;
    }

    long maxTime() {
        return maxTime;
    }
}
