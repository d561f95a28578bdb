package dev.witness.storage.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The frame format of a segment file, in one place.
 *
 * <pre>
 * frame   = length:int32  crc:int32  body            (big-endian)
 * length  = number of bytes in body (at least 1)
 * crc     = CRC32C of body
 * body    = type:int8 ...
 *   EVENT (1): idLength:uint16 id:UTF-8 sequence:int64 time:int64 payload:bytes (the rest)
 *   OPEN  (2): a session descriptor ({@link DescriptorCodec}) as the writer opened it
 *   CLOSE (3): the session's final descriptor
 *   PURGE (4): count:int32 then count x (idLength:uint16 id:UTF-8): sessions removed by purge
 * </pre>
 *
 * A segment is a plain concatenation of frames, no file header: a segment cut at any frame
 * boundary is valid, which is what makes torn-tail recovery a matter of finding the last whole
 * frame. Threading: stateless helpers; callers own their buffers and CRC objects.
 */
final class Frames {
    static final int HEADER = 8;
    static final byte EVENT = 1, OPEN = 2, CLOSE = 3, PURGE = 4;
    /** Fixed part of an EVENT body besides the id and payload: type, id length, sequence, time. */
    static final int EVENT_FIXED = 1 + 2 + 8 + 8;
    static final int MAX_BODY = Integer.MAX_VALUE - 64;
    static final int MAX_ID_BYTES = 0xFFFF;

    private Frames() {
    }

    /** Size of a whole EVENT frame. */
    static long eventFrameSize(int idBytes, int payloadBytes) {
        return (long) HEADER + EVENT_FIXED + idBytes + payloadBytes;
    }

    /** Size of a whole OPEN/CLOSE frame carrying {@code descriptor}. */
    static int descriptorFrameSize(byte[] descriptor) {
        return HEADER + 1 + descriptor.length;
    }

    /**
     * Writes the header of the frame whose body occupies {@code [start + HEADER, buffer.position())}:
     * length and CRC32C. Leaves the position at the end of the frame and the limit unchanged.
     */
    static void seal(ByteBuffer buffer, int start, CRC32C crc) {
        int end = buffer.position();
        int limit = buffer.limit();
        buffer.limit(end).position(start + HEADER);
        crc.reset();
        crc.update(buffer);
        buffer.limit(limit).position(end);
        buffer.putInt(start, end - start - HEADER);
        buffer.putInt(start + 4, (int) crc.getValue());
    }

    static void putEvent(ByteBuffer buffer, byte[] id, long sequence, long time, byte[] payload, CRC32C crc) {
        int start = buffer.position();
        buffer.position(start + HEADER);
        buffer.put(EVENT).putShort((short) id.length).put(id).putLong(sequence).putLong(time).put(payload);
        seal(buffer, start, crc);
    }

    static void putDescriptor(ByteBuffer buffer, byte type, byte[] descriptor, CRC32C crc) {
        int start = buffer.position();
        buffer.position(start + HEADER);
        buffer.put(type).put(descriptor);
        seal(buffer, start, crc);
    }

    static int purgeFrameSize(byte[][] ids) {
        int size = HEADER + 1 + 4;
        for (byte[] id : ids) {
            size += 2 + id.length;
        }
        return size;
    }

    static void putPurge(ByteBuffer buffer, byte[][] ids, CRC32C crc) {
        int start = buffer.position();
        buffer.position(start + HEADER);
        buffer.put(PURGE).putInt(ids.length);
        for (byte[] id : ids) {
            buffer.putShort((short) id.length).put(id);
        }
        seal(buffer, start, crc);
    }
}
