package dev.witness.recorder.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * Bytes as recorded: UTF-8 text where they are text, base64 otherwise, possibly capped.
 *
 * <p>A payload has one of two forms, which are equal when they record the same thing and encode
 * to the very same stored bytes:
 * <ul>
 * <li><b>text form</b> ({@link #Payload(String, String, long, boolean, String)}, what the reader
 *     returns): {@code text} holds the recorded text, {@code bytes} is {@code null};</li>
 * <li><b>bytes form</b> ({@link #ofBytes}, what the Kafka interceptors build on the writer
 *     thread): {@code bytes} holds the recorded bytes themselves (for {@code utf8}, valid UTF-8;
 *     for {@code base64}, the bytes that {@code text} is the base64 of), {@code text} is built from
 *     them on each call of {@link #text()}. The encoder writes them without ever making a
 *     {@code String} (no decode, no re-encode) unless a masking rule needs the text.</li>
 * </ul>
 * The array of the bytes form is the payload's own from then on: it is not copied, and must not be
 * changed afterwards. {@link #equals}, {@link #hashCode} and {@link #toString} compare and show
 * the recorded text, so the two forms of one value are equal. Build the bytes form with
 * {@link #ofBytes}: the canonical constructor does not check that {@code utf8} bytes are UTF-8
 * (the 4-argument {@code ofBytes} checks them in the pass that chooses the encoding).
 *
 * @param text      the content (UTF-8 text or base64 per {@code encoding}), possibly cut; see
 *                  {@link #text()}
 * @param encoding  {@code utf8} or {@code base64}
 * @param size      the size of the whole original value in bytes
 * @param truncated true if {@code text} holds only a prefix of the value
 * @param sha256    hex SHA-256 of the whole original value when truncated, else {@code null}
 * @param bytes     the bytes form's recorded bytes, {@code null} in the text form
 */
public record Payload(String text, String encoding, long size, boolean truncated, String sha256, byte[] bytes) {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public Payload {
        if (text != null && bytes != null) {
            throw new IllegalArgumentException("a payload holds either its text or its bytes, not both");
        }
    }

    /** A payload in the text form. */
    public Payload(String text, String encoding, long size, boolean truncated, String sha256) {
        this(text, encoding, size, truncated, sha256, null);
    }

    /** A whole UTF-8 text value; {@code size} is its length in UTF-8 bytes. */
    public static Payload text(String text) {
        return new Payload(text, UTF8, text.getBytes(StandardCharsets.UTF_8).length, false, null);
    }

    /**
     * A payload in the bytes form, kept by reference (the caller gives the array up): {@code utf8}
     * if the bytes are text ({@link #isText}), {@code base64} otherwise. One pass over the bytes.
     *
     * @param bytes     the recorded bytes: the whole value, or the kept prefix of a truncated one
     * @param size      the size of the whole original value in bytes
     * @param truncated true if {@code bytes} holds only a prefix of the value
     * @param sha256    hex SHA-256 of the whole original value when truncated, else {@code null}
     */
    public static Payload ofBytes(byte[] bytes, long size, boolean truncated, String sha256) {
        return new Payload(null, isText(bytes, 0, bytes.length) ? UTF8 : BASE64, size, truncated, sha256, bytes);
    }

    /**
     * A payload in the bytes form, kept by reference (the caller gives the array up).
     *
     * @param bytes     the recorded bytes: the whole value, or the kept prefix of a truncated one
     * @param encoding  {@link #UTF8}: {@code bytes} must be valid UTF-8 ({@link #isText} says so);
     *                  {@link #BASE64}: any bytes, stored as their base64
     * @param size      the size of the whole original value in bytes
     * @param truncated true if {@code bytes} holds only a prefix of the value
     * @param sha256    hex SHA-256 of the whole original value when truncated, else {@code null}
     * @throws IllegalArgumentException if {@code encoding} is {@code utf8} and the bytes are not UTF-8
     */
    public static Payload ofBytes(byte[] bytes, String encoding, long size, boolean truncated, String sha256) {
        Objects.requireNonNull(bytes, "bytes");
        if (UTF8.equals(encoding)) {
            if (!isUtf8(bytes, 0, bytes.length)) {
                throw new IllegalArgumentException("the bytes of a utf8 payload are not valid UTF-8");
            }
        } else if (!BASE64.equals(encoding)) {
            throw new IllegalArgumentException("a bytes payload is utf8 or base64, not " + encoding);
        }
        return new Payload(null, encoding, size, truncated, sha256, bytes);
    }

    /**
     * The recorded content: UTF-8 text or base64 per {@code encoding}, possibly cut. In the bytes
     * form it is built from the bytes on each call.
     */
    @Override
    public String text() {
        if (bytes == null) {
            return text;
        }
        return UTF8.equals(encoding) ? new String(bytes, StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The bytes form's array (the payload's own: do not change it), or {@code null} in the text form.
     */
    @Override
    public byte[] bytes() {
        return bytes;
    }

    /**
     * True if {@code length} bytes from {@code offset} are recorded as text: valid UTF-8 (shortest
     * forms, no surrogates, nothing above U+10FFFF) without control characters other than tab, CR
     * and LF (and without DEL). This is the rule of docs/kafka.md: text where the bytes are text,
     * base64 otherwise.
     */
    public static boolean isText(byte[] b, int offset, int length) {
        int end = offset + length;
        // the common case (JSON, plain text): ASCII without control characters. Checked eight bytes
        // at a time over the whole value without a branch per word (several times faster than
        // stopping at the first doubtful word); a doubtful value takes the exact path below.
        long doubt = 0;
        int i = offset;
        for (int n = end - 7; i < n; i += 8) {
            long w = (long) LONGS.get(b, i);
            long x = w ^ 0x7F7F7F7F7F7F7F7FL;
            // per byte: high bit set, below 0x20, or 0x7F (Hacker's Delight "has less than" / "has zero")
            doubt |= w | ((w - 0x2020202020202020L) & ~w) | ((x - 0x0101010101010101L) & ~x);
        }
        if ((doubt & 0x8080808080808080L) == 0) {
            for (; i < end; i++) {
                int c = b[i];
                if (c < 0x20 || c == 0x7F) {
                    return exactIsText(b, i, end);
                }
            }
            return true;
        }
        return exactIsText(b, offset, end);
    }

    private static boolean exactIsText(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) {
            int c = b[i];
            if (c < 0) {
                return restIsText(b, i, end);
            }
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /** From the first non-ASCII byte on: no control characters, valid UTF-8. */
    private static boolean restIsText(byte[] b, int from, int end) {
        for (int j = from; j < end; j++) {
            int c = b[j];
            if (c >= 0 && (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F)) {
                return false;
            }
        }
        return isUtf8(b, from, end - from);
    }

    /**
     * True if the bytes are valid UTF-8 as the JDK's decoder reads it (RFC 3629: shortest forms
     * only, no encoded surrogates, nothing above U+10FFFF), so their text re-encodes to the same
     * bytes.
     */
    static boolean isUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2) {
                return false; // a continuation byte first, or an overlong 2-byte form
            }
            if (c < 0xE0) {
                if (i + 1 >= end || !continuation(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xE0 && c1 < 0xA0 || c == 0xED && c1 >= 0xA0) {
                    return false; // overlong, or a surrogate
                }
                i += 3;
            } else if (c < 0xF5) {
                if (i + 3 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xF0 && c1 < 0x90 || c == 0xF4 && c1 >= 0x90) {
                    return false; // overlong, or above U+10FFFF
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    private static boolean continuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Payload p)) {
            return false;
        }
        if (size != p.size || truncated != p.truncated || !Objects.equals(encoding, p.encoding)
                || !Objects.equals(sha256, p.sha256)) {
            return false;
        }
        if (bytes != null && p.bytes != null) {
            return Arrays.equals(bytes, p.bytes);
        }
        return Objects.equals(text(), p.text());
    }

    @Override
    public int hashCode() {
        return Objects.hash(text(), encoding, size, truncated, sha256);
    }

    @Override
    public String toString() {
        return "Payload[text=" + text() + ", encoding=" + encoding + ", size=" + size + ", truncated=" + truncated
                + ", sha256=" + sha256 + "]";
    }
}
