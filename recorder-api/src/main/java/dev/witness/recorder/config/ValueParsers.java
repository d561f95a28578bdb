package dev.witness.recorder.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the value syntaxes shared by every module's keys (durations, sizes). */
public final class ValueParsers {
    private static final Pattern AMOUNT = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

    private ValueParsers() {
    }

    /** Parses {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601 ({@code PT10S}). */
    public static Duration duration(String text) {
        String s = text.trim();
        if (s.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }
        Matcher m = AMOUNT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: " + text);
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms": return Duration.ofMillis(n);
            case "s": return Duration.ofSeconds(n);
            case "m": return Duration.ofMinutes(n);
            case "h": return Duration.ofHours(n);
            case "d": return Duration.ofDays(n);
            default: throw new IllegalArgumentException("not a duration unit: " + m.group(2));
        }
    }

    /** Parses a byte size: a plain number, or with {@code KiB}, {@code MiB}, {@code GiB} (or {@code KB}, {@code MB}, {@code GB}, taken as binary too). */
    public static long bytes(String text) {
        Matcher m = AMOUNT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "": case "b": return n;
            case "k": case "kb": case "kib": return Math.multiplyExact(n, 1L << 10);
            case "m": case "mb": case "mib": return Math.multiplyExact(n, 1L << 20);
            case "g": case "gb": case "gib": return Math.multiplyExact(n, 1L << 30);
            case "t": case "tb": case "tib": return Math.multiplyExact(n, 1L << 40);
            default: throw new IllegalArgumentException("not a size unit: " + m.group(2));
        }
    }
}
