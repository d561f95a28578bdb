package dev.witness.recorder.event;

/**
 * Bytes as recorded: UTF-8 text where they are text, base64 otherwise, possibly capped.
 *
 * @param text      the content (UTF-8 text or base64 per {@code encoding}), possibly cut
 * @param encoding  {@code utf8} or {@code base64}
 * @param size      the size of the whole original value in bytes
 * @param truncated true if {@code text} holds only a prefix of the value
 * @param sha256    hex SHA-256 of the whole original value when truncated, else {@code null}
 */
public record Payload(String text, String encoding, long size, boolean truncated, String sha256) {
    public static final String UTF8 = "utf8";
    public static final String BASE64 = "base64";

    /** A whole UTF-8 text value; {@code size} is its length in UTF-8 bytes. */
    public static Payload text(String text) {
        return new Payload(text, UTF8, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, false, null);
    }
}
