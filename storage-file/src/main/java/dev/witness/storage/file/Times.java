package dev.witness.storage.file;

import java.time.Instant;

/** Conversions between {@link Instant} and the epoch microseconds used by events. Stateless. */
final class Times {
    private Times() {
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
