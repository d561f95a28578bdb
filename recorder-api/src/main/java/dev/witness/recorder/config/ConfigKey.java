package dev.witness.recorder.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One {@code witness.*} setting: its name, its default, and how its text is parsed and checked.
 * Keys are declared as constants ({@link CoreKeys}, and each module's own) and listed by a
 * {@link ConfigKeyProvider} so that unknown keys can be reported.
 *
 * @param <T> the parsed type
 */
public final class ConfigKey<T> {
    private final String name;
    private final String expected;
    private final String defaultText;
    private final Function<String, T> parser;
    private final String description;

    private ConfigKey(String name, String expected, String defaultText, Function<String, T> parser,
                      String description) {
        this.name = Objects.requireNonNull(name);
        this.expected = expected;
        this.defaultText = defaultText;
        this.parser = parser;
        this.description = description;
    }

    /** A free-text key; {@code defaultValue} may be {@code null} (unset). */
    public static ConfigKey<String> string(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, "a text value", defaultValue, s -> s, description);
    }

    /** A {@code true|false} key. */
    public static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, "true or false", Boolean.toString(defaultValue), s -> {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true")) return Boolean.TRUE;
            if (v.equals("false")) return Boolean.FALSE;
            throw new IllegalArgumentException();
        }, description);
    }

    /** An integer key within {@code [min, max]}. */
    public static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new ConfigKey<>(name, "an integer from " + min + " to " + max, Integer.toString(defaultValue), s -> {
            int v = Integer.parseInt(s.trim().replace("_", ""));
            if (v < min || v > max) throw new IllegalArgumentException();
            return v;
        }, description);
    }

    /** A duration key such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 30d} or ISO-8601 {@code PT10S}. */
    public static ConfigKey<Duration> duration(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, "a duration such as 500ms, 10s, 5m, 2h, 30d or PT10S", defaultValue,
                ValueParsers::duration, description);
    }

    /** A byte size key such as {@code 4096}, {@code 64KiB}, {@code 128MiB} or {@code 1GiB}. */
    public static ConfigKey<Long> bytes(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, "a size such as 4096, 64KiB, 128MiB or 1GiB", defaultValue,
                ValueParsers::bytes, description);
    }

    /** A key whose value is one of an enum's constants, written in lower case. */
    public static <E extends Enum<E>> ConfigKey<E> choice(String name, Class<E> type, E defaultValue,
                                                        String description) {
        String names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        return new ConfigKey<>(name, "one of " + names, defaultValue.name().toLowerCase(Locale.ROOT),
                s -> Enum.valueOf(type, s.trim().toUpperCase(Locale.ROOT)), description);
    }

    public String name() {
        return name;
    }

    /** What a valid value looks like, as shown in error messages. */
    public String expected() {
        return expected;
    }

    /** The default as text, or {@code null} if the key is unset by default. */
    public String defaultText() {
        return defaultText;
    }

    public String description() {
        return description;
    }

    /** Parses a value; throws {@link IllegalArgumentException} if it is not {@link #expected()}. */
    T parse(String text) {
        try {
            T value = parser.apply(text);
            if (value == null) throw new IllegalArgumentException();
            return value;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("expected " + expected, e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
