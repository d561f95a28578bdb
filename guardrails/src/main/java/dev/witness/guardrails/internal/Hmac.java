package dev.witness.guardrails.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 signatures of the approval exchange: the signed bytes are
 * {@code <timestamp> "." <body>} (UTF-8 timestamp in epoch seconds, then the body's exact bytes);
 * the header value is {@code v1=<lower-case hex>}. Verification compares in constant time.
 * Thread-safe: a Mac per call (they are cheap next to an HTTP round trip).
 */
public final class Hmac {
    public static final String PREFIX = "v1=";
    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;

    public Hmac(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The header value for {@code body} sent at {@code timestamp}. */
    public String sign(String timestamp, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(timestamp, body));
    }

    /** True if {@code header} is a valid signature of {@code body} at {@code timestamp}. */
    public boolean verify(String timestamp, byte[] body, String header) {
        if (header == null || timestamp == null || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(timestamp, body), given);
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            mac.update(body);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
