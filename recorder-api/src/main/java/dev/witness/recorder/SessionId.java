package dev.witness.recorder;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Session ids that sort by creation time: 26 characters of Crockford base32 holding 48 bits of
 * epoch milliseconds and 80 random bits (the ULID layout). Ids created in the same millisecond
 * by one process increase monotonically. Hand-written (40 lines) rather than adding a ULID
 * library to the core's dependencies.
 */
public final class SessionId {
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long PROCESS_SALT = new SecureRandom().nextLong();
    private static long lastMillis;
    private static long lastHigh;
    private static long lastLow;

    private SessionId() {
    }

    /** A new id, greater than every id this process created before. */
    public static synchronized String next() {
        long millis = System.currentTimeMillis();
        long high; // 16 random bits
        long low;  // 64 random bits
        if (millis <= lastMillis) {
            millis = lastMillis;
            low = lastLow + 1;
            high = low == 0 ? lastHigh + 1 : lastHigh;
        } else {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            high = r.nextInt(1 << 15); // leave room to increment within one millisecond
            low = r.nextLong() ^ PROCESS_SALT;
        }
        lastMillis = millis;
        lastHigh = high;
        lastLow = low;
        return encode(millis, high, low);
    }

    /** The creation time encoded in an id, in epoch milliseconds. */
    public static long millisOf(String id) {
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            millis = (millis << 5) | indexOf(id.charAt(i));
        }
        return millis;
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == Character.toUpperCase(c)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a session id character: '" + c + "'");
    }

    private static String encode(long millis, long high, long low) {
        char[] out = new char[26];
        // 48 bits of time in the first 10 characters (50 bits, top 2 zero)
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits in the last 16 characters: high 16 bits then low 64 bits
        for (int i = 25; i >= 10; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low = (low >>> 5) | ((high & 31) << 59);
            high >>>= 5;
        }
        return new String(out);
    }
}
