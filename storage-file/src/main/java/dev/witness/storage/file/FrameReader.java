package dev.witness.storage.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads the frames of one byte range of a segment, checking each frame's length and CRC32C.
 *
 * <p>Threading: one reader per thread; it uses positional reads only, so several readers (and
 * the writer appending past {@code limit}) may share a file. Invariant: {@link #next()} returns
 * {@link Status#FRAME} only for a frame that lies wholly inside the range and whose CRC
 * matches; it never reads past {@code limit}. The buffer is reused and grows to the largest
 * frame seen.
 */
final class FrameReader {
    enum Status {
        /** A whole, checked frame is available through the accessors. */
        FRAME,
        /** The range ends exactly after the previous frame. */
        END,
        /** The next frame runs past the end of the range: a torn tail. */
        TORN,
        /** The next frame has an impossible length or a CRC mismatch. */
        CORRUPT
    }

    private static final int INITIAL_BUFFER = 64 * 1024;

    private FileChannel channel;
    private long limit;
    private final CRC32C crc = new CRC32C();
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER).limit(0);
    private long bufferOffset;
    private long position;
    private long frameStart;
    private int bodyIndex;
    private int bodyLength;

    FrameReader(FileChannel channel, long start, long limit) {
        this.channel = channel;
        this.position = start;
        this.limit = limit;
        this.bufferOffset = start;
    }

    /** Points the reader at another range, keeping its buffer. */
    void reset(FileChannel channel, long start, long limit) {
        this.channel = channel;
        this.position = start;
        this.limit = limit;
        this.bufferOffset = start;
        this.buffer.limit(0);
    }

    /** File offset of the next frame (after {@link Status#FRAME}: the end of the current one). */
    long position() {
        return position;
    }

    /** File offset of the current frame. */
    long frameStart() {
        return frameStart;
    }

    Status next() throws IOException {
        if (position == limit) {
            return Status.END;
        }
        if (limit - position < Frames.HEADER) {
            return Status.TORN;
        }
        fill(position, Frames.HEADER);
        int at = (int) (position - bufferOffset);
        int length = buffer.getInt(at);
        int expectedCrc = buffer.getInt(at + 4);
        if (length < 1 || length > Frames.MAX_BODY) {
            return Status.CORRUPT;
        }
        if (position + Frames.HEADER + length > limit) {
            return Status.TORN;
        }
        fill(position, Frames.HEADER + length);
        at = (int) (position - bufferOffset);
        crc.reset();
        crc.update(buffer.array(), at + Frames.HEADER, length);
        if ((int) crc.getValue() != expectedCrc) {
            return Status.CORRUPT;
        }
        frameStart = position;
        bodyIndex = at + Frames.HEADER;
        bodyLength = length;
        position += Frames.HEADER + length;
        return Status.FRAME;
    }

    byte type() {
        return buffer.get(bodyIndex);
    }

    /** True if the current EVENT frame belongs to the session whose UTF-8 id is {@code id}. */
    boolean eventIs(byte[] id) {
        int idLength = Short.toUnsignedInt(buffer.getShort(bodyIndex + 1));
        return idLength == id.length && java.util.Arrays.equals(buffer.array(), bodyIndex + 3, bodyIndex + 3 + idLength, id, 0, id.length);
    }

    String eventSessionId() {
        int idLength = Short.toUnsignedInt(buffer.getShort(bodyIndex + 1));
        return new String(buffer.array(), bodyIndex + 3, idLength, StandardCharsets.UTF_8);
    }

    long eventSequence() {
        return buffer.getLong(bodyIndex + 3 + Short.toUnsignedInt(buffer.getShort(bodyIndex + 1)));
    }

    long eventTime() {
        return buffer.getLong(bodyIndex + 11 + Short.toUnsignedInt(buffer.getShort(bodyIndex + 1)));
    }

    byte[] eventPayload() {
        int offset = 19 + Short.toUnsignedInt(buffer.getShort(bodyIndex + 1));
        return java.util.Arrays.copyOfRange(buffer.array(), bodyIndex + offset, bodyIndex + bodyLength);
    }

    /** The body after the type byte, as a heap buffer view (OPEN, CLOSE, PURGE frames). */
    ByteBuffer bodyAfterType() {
        return ByteBuffer.wrap(buffer.array(), bodyIndex + 1, bodyLength - 1).slice();
    }

    /** Makes {@code [at, at + n)} available in the buffer; the caller checked it lies below {@code limit}. */
    private void fill(long at, int n) throws IOException {
        long end = bufferOffset + buffer.limit();
        if (at >= bufferOffset && at + n <= end) {
            return;
        }
        int keep = at >= bufferOffset && at < end ? (int) (end - at) : 0;
        ByteBuffer target = buffer.capacity() >= n ? buffer : ByteBuffer.allocate(Math.max(n, buffer.capacity() * 2));
        if (keep > 0) {
            System.arraycopy(buffer.array(), (int) (at - bufferOffset), target.array(), 0, keep);
        }
        buffer = target;
        bufferOffset = at;
        buffer.clear().position(keep);
        buffer.limit((int) Math.min(buffer.capacity(), limit - at));
        while (buffer.position() < n) {
            int read = channel.read(buffer, at + buffer.position());
            if (read < 0) {
                throw new EOFException("segment ends at " + (at + buffer.position()) + ", before the indexed end " + limit);
            }
        }
        buffer.limit(buffer.position()).position(0);
    }
}
