package dev.witness.cli;

import dev.witness.recorder.config.ValueParsers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Reads the time arguments of the commands: a duration back from now ({@code 2h}, {@code 30m},
 * {@code 7d}, {@code PT90M}) or a point in time ({@code 2026-11-22T20:30:00Z}, with an offset,
 * or without a zone, then read as UTC like every time Witness prints; {@code 2026-11-22} is that
 * day's start in UTC).
 */
final class Times {
    private Times() {
    }

    /** The instant {@code text} names, relative to {@code clock} for durations. */
    static Instant instant(String option, String text, Clock clock) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw CliException.usage(option + " is empty; expected a duration such as 2h or a time such as 2026-11-22T20:30:00Z");
        }
        if (Character.isDigit(s.charAt(0)) && s.length() >= 10 && s.charAt(4) == '-') {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException ignored) {
                // try the other forms
            }
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException ignored) {
                // try the other forms
            }
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // try the other forms
            }
            try {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // reported below
            }
            throw CliException.usage(option + " " + text + ": not a time; expected e.g. 2026-11-22T20:30:00Z, "
                    + "2026-11-22T21:30:00+01:00, 2026-11-22T20:30 (UTC) or 2026-11-22");
        }
        return clock.instant().minus(duration(option, s));
    }

    /** A positive duration: {@code 30d}, {@code 12h}, {@code PT90M}. */
    static Duration duration(String option, String text) {
        Duration d;
        try {
            d = ValueParsers.duration(text);
        } catch (RuntimeException e) {
            throw CliException.usage(option + " " + text + ": not a duration or time; expected e.g. 30m, 2h, 7d, PT90M"
                    + " or a time such as 2026-11-22T20:30:00Z");
        }
        if (d.isNegative() || d.isZero()) {
            throw CliException.usage(option + " " + text + ": expected a duration greater than zero");
        }
        return d;
    }
}
