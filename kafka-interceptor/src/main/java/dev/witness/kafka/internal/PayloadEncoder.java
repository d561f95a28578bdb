package dev.witness.kafka.internal;

import dev.witness.recorder.event.Header;
import dev.witness.recorder.event.Payload;
import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns record bytes into recorded {@link Payload}s: UTF-8 text where the bytes are text (JSON
 * included), base64 otherwise; a value of {@code maxValueBytes} or more is cut to its first
 * {@code prefixBytes}, marked truncated and given the SHA-256 of the whole value.
 *
 * <p>Runs on the Recorder's writer thread only (it is called from {@code DeferredEvent}s), so
 * decoding, base64 and hashing never cost the application's threads. Stateless apart from its
 * limits: one instance may serve many clients.
 */
public final class PayloadEncoder {
    private final long maxValueBytes;
    private final int prefixBytes;

    public PayloadEncoder(long maxValueBytes, long prefixBytes) {
        this.maxValueBytes = maxValueBytes;
        this.prefixBytes = (int) Math.min(Math.min(prefixBytes, maxValueBytes), Integer.MAX_VALUE - 8);
    }

    /**
     * The payload of serialized bytes, {@code null} for {@code null}. The payload keeps {@code b}
     * (the bytes form): the caller gives it up.
     */
    public Payload bytes(byte[] b) {
        if (b == null) {
            return null;
        }
        if (b.length >= maxValueBytes) {
            int n = Math.min(prefixBytes, b.length);
            int end = characterStart(b, n);
            String sha = sha256(b);
            Payload prefix = Payload.ofBytes(Arrays.copyOf(b, end), b.length, true, sha);
            return Payload.UTF8.equals(prefix.encoding()) ? prefix
                    : Payload.ofBytes(Arrays.copyOf(b, n), Payload.BASE64, b.length, true, sha);
        }
        return Payload.ofBytes(b, b.length, false, null);
    }

    /**
     * The payload of a value the interceptor only has as an object (a consumed record, or a
     * produced one whose serializer could not be used): bytes as they are, text as UTF-8, any
     * other object as its {@code toString()}.
     */
    public Payload object(Object value) {
        if (value == null) {
            return null;
        }
        return bytes(Values.toBytes(value));
    }

    /** The recorded headers, in order. */
    public List<Header> headers(org.apache.kafka.common.header.Header[] headers) {
        if (headers.length == 0) {
            return List.of();
        }
        List<Header> out = new ArrayList<>(headers.length);
        for (org.apache.kafka.common.header.Header h : headers) {
            out.add(new Header(h.key(), bytes(h.value())));
        }
        return out;
    }

    /**
     * {@code length}, or less if a character of {@code b} straddles it: a cut never keeps an
     * incomplete character (which would make a text prefix binary).
     */
    static int characterStart(byte[] b, int length) {
        int end = length;
        if (end < b.length) {
            // back off to the start of a character: continuation bytes are 10xxxxxx
            int back = 0;
            while (end > 0 && back < 3 && (b[end] & 0xC0) == 0x80) {
                end--;
                back++;
            }
        }
        return end;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Bytes of the value types Kafka's own (de)serializers use. */
    static final class Values {
        private Values() {
        }

        static byte[] toBytes(Object value) {
            if (value instanceof byte[] b) {
                return b;
            }
            if (value instanceof String s) {
                return s.getBytes(StandardCharsets.UTF_8);
            }
            if (value instanceof ByteBuffer bb) {
                ByteBuffer d = bb.duplicate();
                byte[] b = new byte[d.remaining()];
                d.get(b);
                return b;
            }
            if (value instanceof Bytes bytes) {
                return bytes.get();
            }
            return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
        }
    }
}
