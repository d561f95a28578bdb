package dev.witness.recorder.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash chain's arithmetic. Every stored line ends with {@code ,"prev":"<hex>","hash":"<hex>"}}:
 * {@code hash} is SHA-256 over the exact bytes of the line before {@code ,"hash":"} (so it covers
 * {@code prev}), and {@code prev} is the previous line's {@code hash}. The first line's {@code prev}
 * is the genesis value: SHA-256 of {@code "witness-v1:" + sessionId}. Verification needs only the
 * stored bytes, no canonical form.
 *
 * <p>Not thread-safe: one instance per thread (the writer, a verifier).
 */
public final class LineHash {
    /** Bytes after the hashed part of every line: {@code ,"hash":"} + 64 hex digits + {@code "}}. */
    public static final int TAIL_LENGTH = 9 + 64 + 2;
    static final byte[] HASH_FIELD = ",\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    private final MessageDigest sha256;
    private final byte[] digest = new byte[32];

    public LineHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The {@code prev} of a session's first line. */
    public String genesis(String sessionId) {
        byte[] seed = ("witness-v1:" + sessionId).getBytes(StandardCharsets.UTF_8);
        return hex(seed, 0, seed.length);
    }

    /** Hex SHA-256 of {@code bytes[offset, offset+length)}. */
    public String hex(byte[] bytes, int offset, int length) {
        sha256.reset();
        sha256.update(bytes, offset, length);
        return HEX.formatHex(sha256.digest());
    }

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** Lower-case hex SHA-256 of {@code bytes[offset, offset+length)} into {@code hex64} (64 ASCII bytes), no String. */
    public void hexInto(byte[] bytes, int offset, int length, byte[] hex64) {
        sha256.reset();
        sha256.update(bytes, offset, length);
        byte[] d = digest;
        try {
            sha256.digest(d, 0, 32);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException("SHA-256 digest is 32 bytes", e);
        }
        for (int i = 0; i < 32; i++) {
            hex64[2 * i] = DIGITS[(d[i] >> 4) & 0xF];
            hex64[2 * i + 1] = DIGITS[d[i] & 0xF];
        }
    }

    /**
     * Recomputes the hash of a stored line from its bytes and returns it, or {@code null} if the
     * line does not end with a well-formed hash field.
     */
    public String recompute(byte[] line) {
        int start = line.length - TAIL_LENGTH;
        if (start < 1 || line[line.length - 1] != '}' || line[line.length - 2] != '"') {
            return null;
        }
        for (int i = 0; i < HASH_FIELD.length; i++) {
            if (line[start + i] != HASH_FIELD[i]) {
                return null;
            }
        }
        return hex(line, 0, start);
    }

    /** The hash stored at the end of a line (not checked), or {@code null} if malformed. */
    public static String stored(byte[] line) {
        int start = line.length - TAIL_LENGTH + HASH_FIELD.length;
        if (start < 1) {
            return null;
        }
        return new String(line, start, 64, StandardCharsets.US_ASCII);
    }
}
