package dev.witness.storage.file;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends whole batches to the active segment file.
 *
 * <p>Threading: used only under the store's write lock. Invariants: {@link #size()} is the
 * offset after the last whole batch written; a failed write is cut back to that offset, so the
 * file never holds half a batch while the store is running (a crash can still tear the tail,
 * which recovery handles). Writes are positional and gathered: one batch, one buffer, one
 * {@code write} call in the common case, with direct I/O where the file system allows it
 * ({@link DirectAppender}; {@code witness.store.file.directIo}). Nothing is durable until
 * {@link #force()}.
 */
final class SegmentWriter implements Closeable {
    private final long segment;
    private final FileChannel channel;
    private final long createdMillis;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentWriter.class);

    /** Writes the appends with direct I/O; null when the segment is written through the page cache. */
    private DirectAppender direct;
    private long size;
    private boolean dirty;

    private SegmentWriter(long segment, FileChannel channel, long size, long createdMillis, DirectAppender direct) {
        this.segment = segment;
        this.channel = channel;
        this.size = size;
        this.createdMillis = createdMillis;
        this.direct = direct;
    }

    /**
     * Opens (creating if missing) segment {@code segment} of {@code dir} for appending at its end;
     * with {@code directIo}, appends bypass the page cache where the file system allows it.
     */
    static SegmentWriter open(Path dir, long segment, long createdMillis, boolean directIo) throws IOException {
        Path path = SegmentFiles.path(dir, segment);
        FileChannel channel = FileChannel.open(path,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
        long size = channel.size();
        DirectAppender direct = directIo ? DirectAppender.open(path, size) : null;
        return new SegmentWriter(segment, channel, size, createdMillis, direct);
    }

    /** True if appends bypass the page cache. */
    boolean directIo() {
        return direct != null;
    }

    /** The direct appender, or null (tests make its writes fail by closing it). */
    DirectAppender directAppender() {
        return direct;
    }

    long segment() {
        return segment;
    }

    long size() {
        return size;
    }

    long createdMillis() {
        return createdMillis;
    }

    /** True if a batch of {@code bytes} should go to a new segment. An empty segment takes any batch. */
    boolean shouldRoll(long bytes, long segmentBytes, long nowMillis, long segmentAgeMillis) {
        return size > 0 && (size + bytes > segmentBytes || nowMillis - createdMillis >= segmentAgeMillis);
    }

    /** Writes the buffer's remaining bytes at the end of the segment; returns the offset they start at. */
    long append(ByteBuffer frames) throws IOException {
        if (direct != null) {
            int from = frames.position();
            try {
                return append(frames, true);
            } catch (IOException e) {
                // some file systems take O_DIRECT at open and refuse the writes: go on through the page cache
                LOG.warn("segment {}: a direct I/O write failed ({}); writing it through the page cache from now on",
                        SegmentFiles.name(segment), e.toString());
                try {
                    direct.close();
                } catch (IOException ignored) {
                    // the plain channel stays usable
                }
                direct = null;
                frames.position(from);
            }
        }
        return append(frames, false);
    }

    private long append(ByteBuffer frames, boolean directIo) throws IOException {
        long start = size;
        long at = start;
        try {
            if (directIo) {
                at += frames.remaining();
                direct.append(frames, start);
                channel.truncate(at); // the zeros that padded the last block
                direct.commit();
            } else {
                while (frames.hasRemaining()) {
                    at += channel.write(frames, at);
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                channel.truncate(start);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        size = at;
        dirty = true;
        return start;
    }

    /** fsync: data and the file length (fdatasync where the platform has it). */
    void force() throws IOException {
        if (dirty) {
            channel.force(false);
            dirty = false;
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            if (direct != null) {
                direct.close();
            }
        }
    }
}
