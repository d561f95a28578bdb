package dev.witness.storage.file;

import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads the frames of a segment (see {@link Frames} and docs/storage-file.md) from any byte
 * stream: a local segment file, or a copy of one held elsewhere (the S3 store keeps sealed
 * segments byte for byte as objects and reads ranges of them back). This is the public face of
 * the segment format for backends that archive segments; they never write frames themselves.
 *
 * <p>Threading: a {@link Reader} is used by one thread at a time. Invariant: {@link Reader#next()}
 * returns only frames whose length and CRC32C checked; a frame cut short or failing its CRC is
 * a {@link StoreException} naming the location and offset, never a silently skipped frame.
 */
public final class SegmentFrames {
    private SegmentFrames() {
    }

    /** One checked frame; {@code offset} and {@code end} are positions in the segment. */
    public sealed interface Frame permits Event, Open, Close, Purge {
        long offset();

        long end();
    }

    /** An EVENT frame. */
    public record Event(long offset, long end, String sessionId, long sequence, long time, byte[] payload) implements Frame {
    }

    /** An OPEN frame: the descriptor as the writer opened the session. */
    public record Open(long offset, long end, SessionDescriptor descriptor) implements Frame {
    }

    /** A CLOSE frame: the session's final descriptor. */
    public record Close(long offset, long end, SessionDescriptor descriptor) implements Frame {
    }

    /** A PURGE frame: sessions removed by purge. */
    public record Purge(long offset, long end, List<String> sessionIds) implements Frame {
    }

    /** The file name of segment {@code segment} in a store directory (20-digit zero-padded number). */
    public static String fileName(long segment) {
        return SegmentFiles.name(segment);
    }

    /**
     * Reads frames from {@code in}, whose first byte is at {@code offset} of the segment and
     * which must start at a frame boundary.
     *
     * @param location names the segment in error messages (a path, an object key)
     */
    public static Reader reader(InputStream in, long offset, String location) {
        return new Reader(in, offset, location);
    }

    /** Pull reader over a stream of frames. Closing it closes the stream. */
    public static final class Reader implements Closeable {
        private final InputStream in;
        private final String location;
        private final CRC32C crc = new CRC32C();
        private final byte[] header = new byte[Frames.HEADER];
        private byte[] body = new byte[8192];
        private byte[] onlySession;
        private long position;

        private Reader(InputStream in, long offset, String location) {
            this.in = in;
            this.position = offset;
            this.location = location;
        }

        /**
         * Skips (after checking) EVENT frames of other sessions, so that their payloads are not
         * copied. Other frame types are still returned.
         */
        public Reader onlyEventsOf(String sessionId) {
            this.onlySession = sessionId.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Position of the next frame in the segment. */
        public long position() {
            return position;
        }

        /**
         * The next frame, or {@code null} if the stream ends exactly at a frame boundary.
         *
         * @throws StoreException if a frame is cut short, has an impossible length, fails its CRC or has an unknown type
         */
        public Frame next() throws IOException {
            while (true) {
                long start = position;
                int got = readFully(header, Frames.HEADER, true);
                if (got == 0) {
                    return null;
                }
                if (got < Frames.HEADER) {
                    throw damaged(start, "a frame header is cut short");
                }
                ByteBuffer h = ByteBuffer.wrap(header);
                int length = h.getInt(0);
                int expectedCrc = h.getInt(4);
                if (length < 1 || length > Frames.MAX_BODY) {
                    throw damaged(start, "impossible frame length " + length);
                }
                if (body.length < length) {
                    body = new byte[Math.max(length, body.length * 2)];
                }
                if (readFully(body, length, false) < length) {
                    throw damaged(start, "a frame of " + length + " bytes is cut short");
                }
                crc.reset();
                crc.update(body, 0, length);
                if ((int) crc.getValue() != expectedCrc) {
                    throw damaged(start, "CRC mismatch");
                }
                long end = start + Frames.HEADER + length;
                position = end;
                ByteBuffer b = ByteBuffer.wrap(body, 0, length);
                byte type = b.get(0);
                switch (type) {
                    case Frames.EVENT: {
                        int idLength = Short.toUnsignedInt(b.getShort(1));
                        if (onlySession != null && (idLength != onlySession.length
                                || !Arrays.equals(body, 3, 3 + idLength, onlySession, 0, idLength))) {
                            continue;
                        }
                        String id = new String(body, 3, idLength, StandardCharsets.UTF_8);
                        long sequence = b.getLong(3 + idLength);
                        long time = b.getLong(11 + idLength);
                        byte[] payload = Arrays.copyOfRange(body, 19 + idLength, length);
                        return new Event(start, end, id, sequence, time, payload);
                    }
                    case Frames.OPEN:
                        return new Open(start, end, DescriptorCodec.decode(ByteBuffer.wrap(Arrays.copyOfRange(body, 1, length))));
                    case Frames.CLOSE:
                        return new Close(start, end, DescriptorCodec.decode(ByteBuffer.wrap(Arrays.copyOfRange(body, 1, length))));
                    case Frames.PURGE: {
                        ByteBuffer p = ByteBuffer.wrap(body, 1, length - 1);
                        int count = p.getInt();
                        List<String> ids = new ArrayList<>(count);
                        for (int i = 0; i < count; i++) {
                            int idLength = Short.toUnsignedInt(p.getShort());
                            ids.add(new String(body, p.position(), idLength, StandardCharsets.UTF_8));
                            p.position(p.position() + idLength);
                        }
                        return new Purge(start, end, List.copyOf(ids));
                    }
                    default:
                        throw damaged(start, "unknown frame type " + type + " (its CRC is valid: was it written by a newer Witness?)");
                }
            }
        }

        private int readFully(byte[] into, int n, boolean mayEnd) throws IOException {
            int done = 0;
            while (done < n) {
                int r = in.read(into, done, n - done);
                if (r < 0) {
                    if (done == 0 && mayEnd) {
                        return 0;
                    }
                    return done;
                }
                done += r;
            }
            return done;
        }

        private StoreException damaged(long at, String what) {
            return new StoreException("segment " + location + " is damaged at offset " + at + ": " + what);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
