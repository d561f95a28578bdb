package dev.witness.recorder.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes one JSON object as UTF-8 into a reused byte array: the stored line's writer.
 *
 * <p>Why not Jackson's generator, which wrote these lines before: a line is a few dozen small
 * fields, and the generator's per-call bookkeeping (write-context checks, field-name encoding,
 * a char-by-char escape loop) was most of the writer thread's cost per event. The structure of
 * a line is fixed by {@link EventEncoder}, so this writer only tracks where a comma is due, and
 * copies text that needs no escaping as it is, checked eight bytes at a time. Reading stays on
 * Jackson ({@link EventDecoder}); the properties in the tests check that every line this writes
 * is valid JSON that reads back to the same values.
 *
 * <p>Strings: {@code "} and {@code \\} are escaped, as are the control characters below U+0020
 * ({@code \b \t \n \f \r}, else backslash-u and four upper-case hex digits); every other character is written as UTF-8,
 * a pair of surrogates as one 4-byte character. An unpaired surrogate, which has no UTF-8 form,
 * is written as a backslash-u escape with lower-case hex digits, which reads back to the same Java string.
 *
 * <p>Not thread-safe: one per encoder.
 */
final class JsonLine {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final byte[] HEX_UPPER = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX_LOWER = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 64;
    /** 1 for an ASCII char written as it is inside a JSON string, 0 for one that needs an escape. */
    private static final byte[] PLAIN = new byte[128];

    static {
        for (int c = 0x20; c < 0x80; c++) {
            PLAIN[c] = 1;
        }
        PLAIN['"'] = 0;
        PLAIN['\\'] = 0;
    }

    private byte[] buf;
    private int pos;
    /** Per open object or array: true once it holds a member, so the next one needs a comma. */
    private final boolean[] hasMember = new boolean[MAX_DEPTH];
    private int depth;
    /** True right after a field name: the value follows without a comma. */
    private boolean afterName;

    JsonLine(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    /** Starts a new line (the previous one's bytes are overwritten). */
    void reset() {
        pos = 0;
        depth = 0;
        afterName = false;
    }

    byte[] bytes() {
        return buf;
    }

    int size() {
        return pos;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    // ---------------------------------------------------------------- structure

    void startObject() {
        beforeValue();
        put((byte) '{');
        open();
    }

    void endObject() {
        depth--;
        put((byte) '}');
    }

    void startArray() {
        beforeValue();
        put((byte) '[');
        open();
    }

    void endArray() {
        depth--;
        put((byte) ']');
    }

    private void open() {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        hasMember[depth++] = false;
    }

    /** A field name, given as its pre-encoded form {@code "name":} ({@link #name(String)}). */
    void field(byte[] quotedNameAndColon) {
        comma();
        putBytes(quotedNameAndColon, 0, quotedNameAndColon.length);
        afterName = true;
    }

    /** The pre-encoded form of a field name that needs no escaping, for {@link #field(byte[])}. */
    static byte[] name(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    /** A field name from a string (escaped as any string). */
    void field(String name) {
        comma();
        string(name);
        put((byte) ':');
        afterName = true;
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
        } else if (depth > 0) {
            comma();
        }
    }

    private void comma() {
        if (depth > 0) {
            if (hasMember[depth - 1]) {
                put((byte) ',');
            } else {
                hasMember[depth - 1] = true;
            }
        }
    }

    // ---------------------------------------------------------------- values

    void number(long v) {
        beforeValue();
        if (v == Long.MIN_VALUE) {
            putAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int start = pos;
        do {
            buf[pos++] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    void bool(boolean v) {
        beforeValue();
        byte[] b = v ? TRUE : FALSE;
        putBytes(b, 0, b.length);
    }

    void nullValue() {
        beforeValue();
        putBytes(NULL, 0, NULL.length);
    }

    /** A string value, or {@code null}. */
    void value(String s) {
        if (s == null) {
            nullValue();
            return;
        }
        beforeValue();
        string(s);
    }

    /** A string of bytes the caller guarantees need no escaping (ASCII letters, digits, punctuation other than {@code "} and {@code \\}). */
    void asciiValue(byte[] b, int off, int len) {
        beforeValue();
        ensure(len + 2);
        buf[pos++] = '"';
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        buf[pos++] = '"';
    }

    /**
     * A string value given as UTF-8 bytes (valid UTF-8: the caller checked), written as
     * {@link #value(String)} would write the string they decode to.
     */
    void utf8Value(byte[] b, int off, int len) {
        beforeValue();
        ensure(len + 2);
        buf[pos++] = '"';
        if (!needsEscape(b, off, len)) {
            System.arraycopy(b, off, buf, pos, len);
            pos += len;
        } else {
            for (int i = off, end = off + len; i < end; i++) {
                int c = b[i];
                if (c >= 0x20 && c != '"' && c != '\\' || c < 0) {
                    put((byte) c); // UTF-8 multi-byte sequences are copied as they are
                } else {
                    escape(c);
                }
            }
        }
        put((byte) '"');
    }

    /** A string value holding {@code b} in base64 (RFC 4648, no line breaks), as {@link Base64#getEncoder()}. */
    void base64Value(byte[] b, int off, int len) {
        beforeValue();
        byte[] src = off == 0 && len == b.length ? b : Arrays.copyOfRange(b, off, off + len);
        asciiValue(Base64.getEncoder().encode(src));
    }

    private void asciiValue(byte[] b) {
        ensure(b.length + 2);
        buf[pos++] = '"';
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        buf[pos++] = '"';
    }

    // ---------------------------------------------------------------- strings

    private void string(String s) {
        int len = s.length();
        // room for the common case, all ASCII: the quotes and one byte per char
        ensure(len + 2);
        buf[pos++] = '"';
        int i = 0;
        for (; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80 || PLAIN[c] == 0) {
                break;
            }
        }
        s.getBytes(0, i, buf, pos); // the plain ASCII prefix, one byte per char: a copy for a Latin-1 string
        pos += i;
        if (i < len) {
            slowString(s, i);
        }
        put((byte) '"');
    }

    /** Writes {@code s} from index {@code from} char by char: escapes, UTF-8, surrogates. */
    private void slowString(String s, int from) {
        int len = s.length();
        for (int i = from; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    put((byte) c);
                } else {
                    escape(c);
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[pos++] = (byte) (0xF0 | (cp >> 18));
                buf[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                ensure(6);
                buf[pos++] = '\\';
                buf[pos++] = 'u';
                for (int shift = 12; shift >= 0; shift -= 4) {
                    buf[pos++] = HEX_LOWER[(c >> shift) & 0xF];
                }
            } else {
                ensure(3);
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    /** {@code c} is {@code "}, {@code \\} or below U+0020. */
    private void escape(int c) {
        ensure(6);
        buf[pos++] = '\\';
        switch (c) {
            case '"' -> buf[pos++] = '"';
            case '\\' -> buf[pos++] = '\\';
            case '\b' -> buf[pos++] = 'b';
            case '\t' -> buf[pos++] = 't';
            case '\n' -> buf[pos++] = 'n';
            case '\f' -> buf[pos++] = 'f';
            case '\r' -> buf[pos++] = 'r';
            default -> {
                buf[pos++] = 'u';
                buf[pos++] = '0';
                buf[pos++] = '0';
                buf[pos++] = HEX_UPPER[(c >> 4) & 0xF];
                buf[pos++] = HEX_UPPER[c & 0xF];
            }
        }
    }

    /**
     * True if {@code b[off, off+len)} holds a byte a JSON string cannot carry as it is ({@code "},
     * {@code \\}, below 0x20) or a byte of 0x80 and above; eight bytes per step (SWAR: a byte
     * below 0x20 or equal to a given one sets its high bit in {@code (x - k) & ~x}).
     */
    static boolean needsEscape(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        long flags = 0;
        for (int last = end - 7; i < last; i += 8) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ 0x2222222222222222L; // '"'
            long s = w ^ 0x5C5C5C5C5C5C5C5CL; // '\\'
            flags |= ((w - 0x2020202020202020L) & ~w) | ((q - 0x0101010101010101L) & ~q)
                    | ((s - 0x0101010101010101L) & ~s) | w;
        }
        if ((flags & 0x8080808080808080L) != 0) {
            return true;
        }
        for (; i < end; i++) {
            int c = b[i];
            if (c < 0x20 || c == '"' || c == '\\') { // negative (0x80 and above) included
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- bytes

    private void put(byte b) {
        if (pos == buf.length) {
            grow(1);
        }
        buf[pos++] = b;
    }

    private void putBytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void putAscii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        putBytes(b, 0, b.length);
    }

    private void ensure(int more) {
        if (buf.length - pos < more) {
            grow(more);
        }
    }

    private void grow(int more) {
        long wanted = Math.max((long) buf.length * 2, (long) pos + more);
        if (wanted > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("a stored line would be larger than 2 GiB");
        }
        buf = Arrays.copyOf(buf, (int) wanted);
    }
}
