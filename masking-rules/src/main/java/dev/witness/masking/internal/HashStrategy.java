package dev.witness.masking.internal;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.regex.Pattern;

/**
 * Keyed HMAC-SHA256 of the value, written {@code hmac:} and the first 128 bits in hex. The same
 * value under the same key always gives the same text, so recordings can still be searched and
 * joined on it; without the key it cannot be confirmed by guessing (a bare hash of a card number
 * or SSN is reversed by enumeration in minutes). One {@link Mac} per thread: the writer thread
 * reuses its own.
 */
final class HashStrategy implements Strategy {

    static final String PREFIX = "hmac:";
    private static final Pattern OWN_OUTPUT = Pattern.compile("hmac:[0-9a-f]{32}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final ThreadLocal<Mac> mac;

    HashStrategy(byte[] key) {
        SecretKeySpec spec = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(spec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
            }
        });
    }

    @Override
    public String apply(String value) {
        if (value.length() == 37 && OWN_OUTPUT.matcher(value).matches()) {
            return value;
        }
        byte[] digest = mac.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
        char[] out = new char[PREFIX.length() + 32];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        for (int i = 0; i < 16; i++) {
            out[PREFIX.length() + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[PREFIX.length() + 2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }

    @Override
    public String kind() {
        return "hash";
    }
}
