package dev.witness.storage.file;

import dev.witness.storage.SessionDescriptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Binary form of a {@link SessionDescriptor}, used in OPEN/CLOSE frames and in the index.
 *
 * <p>Threading: stateless. Invariant: {@code decode(encode(d)).equals(d)} for every descriptor,
 * including null optional fields, nanosecond instants and arbitrary attribute strings.
 * Layout (big-endian): version byte 1; strings id, source, target, identity, application, host
 * (each an int byte length, -1 for null, then UTF-8); long pid; long startSeconds, int
 * startNanos; byte hasEnd [long endSeconds, int endNanos]; long eventCount; int attribute count,
 * then key/value strings.
 */
final class DescriptorCodec {
    private static final byte VERSION = 1;

    private DescriptorCodec() {
    }

    static byte[] encode(SessionDescriptor d) {
        byte[][] strings = {utf8(d.id()), utf8(d.source()), utf8(d.target()), utf8(d.identity()), utf8(d.application()), utf8(d.host())};
        byte[][] attrs = new byte[d.attributes().size() * 2][];
        int i = 0;
        for (Map.Entry<String, String> e : d.attributes().entrySet()) {
            attrs[i++] = utf8(e.getKey());
            attrs[i++] = utf8(e.getValue());
        }
        int size = 1 + 8 + 12 + 1 + 12 + 8 + 4;
        for (byte[] s : strings) {
            size += 4 + (s == null ? 0 : s.length);
        }
        for (byte[] s : attrs) {
            size += 4 + s.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION);
        for (byte[] s : strings) {
            putString(b, s);
        }
        b.putLong(d.pid());
        b.putLong(d.startedAt().getEpochSecond()).putInt(d.startedAt().getNano());
        if (d.endedAt() == null) {
            b.put((byte) 0);
        } else {
            b.put((byte) 1).putLong(d.endedAt().getEpochSecond()).putInt(d.endedAt().getNano());
        }
        b.putLong(d.eventCount());
        b.putInt(d.attributes().size());
        for (byte[] s : attrs) {
            putString(b, s);
        }
        return b.array().length == b.position() ? b.array() : java.util.Arrays.copyOf(b.array(), b.position());
    }

    static SessionDescriptor decode(byte[] bytes) {
        return decode(ByteBuffer.wrap(bytes));
    }

    /** Decodes from the buffer's position; advances it past the descriptor. */
    static SessionDescriptor decode(ByteBuffer b) {
        byte version = b.get();
        if (version != VERSION) {
            throw new IllegalStateException("unsupported descriptor version " + version);
        }
        String id = getString(b), source = getString(b), target = getString(b), identity = getString(b),
                application = getString(b), host = getString(b);
        long pid = b.getLong();
        Instant started = Instant.ofEpochSecond(b.getLong(), b.getInt());
        Instant ended = b.get() == 0 ? null : Instant.ofEpochSecond(b.getLong(), b.getInt());
        long eventCount = b.getLong();
        int attributeCount = b.getInt();
        Map<String, String> attributes = new HashMap<>();
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(getString(b), getString(b));
        }
        return new SessionDescriptor(id, source, target, identity, application, host, pid, started, ended, eventCount, attributes);
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer b, byte[] s) {
        if (s == null) {
            b.putInt(-1);
        } else {
            b.putInt(s.length).put(s);
        }
    }

    private static String getString(ByteBuffer b) {
        int length = b.getInt();
        if (length < 0) {
            return null;
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), length, StandardCharsets.UTF_8);
        b.position(b.position() + length);
        return s;
    }
}
