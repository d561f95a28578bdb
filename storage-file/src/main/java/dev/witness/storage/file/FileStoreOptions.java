package dev.witness.storage.file;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Options of the file store, keyed relative to {@code witness.store.file.}:
 *
 * <table>
 * <caption>Options</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code segmentBytes}</td><td>128MiB</td><td>roll to a new segment before it would grow past this size (at least 4KiB)</td></tr>
 * <tr><td>{@code segmentAge}</td><td>1h</td><td>roll to a new segment once the active one is this old</td></tr>
 * <tr><td>{@code retention.age}</td><td>off</td><td>delete whole segments whose newest frame is older than this</td></tr>
 * <tr><td>{@code retention.bytes}</td><td>off</td><td>delete the oldest segments while the segments take more than this</td></tr>
 * <tr><td>{@code directIo}</td><td>true</td><td>append with direct I/O ({@code O_DIRECT}), bypassing the page cache, where the file system allows it</td></tr>
 * </table>
 *
 * Sizes are a number of bytes or a number with a binary unit: {@code 4096}, {@code 512KiB},
 * {@code 128MiB}, {@code 1GiB} ({@code K}, {@code KB}, {@code M}, {@code MB}, {@code G},
 * {@code GB}, {@code T}, {@code TB} are read as the same binary units). Durations are a
 * number with a unit ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 1h}, {@code 30d},
 * {@code 2w}) or ISO-8601 ({@code PT1H}, {@code P30D}). Retention options also take {@code off}.
 *
 * <p>Immutable and thread-safe.
 */
public final class FileStoreOptions {
    public static final String PREFIX = "witness.store.file.";
    public static final String SEGMENT_BYTES = "segmentBytes";
    public static final String SEGMENT_AGE = "segmentAge";
    public static final String RETENTION_AGE = "retention.age";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String DIRECT_IO = "directIo";
    /** Every accepted key, relative to {@link #PREFIX}. */
    public static final Set<String> KEYS = Set.of(SEGMENT_BYTES, SEGMENT_AGE, RETENTION_AGE, RETENTION_BYTES, DIRECT_IO);

    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;
    public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofHours(1);
    public static final long MIN_SEGMENT_BYTES = 4096;
    /** How often (at most) a {@code sync} also checkpoints the index; recovery replays the log past it. */
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private final long segmentBytes;
    private final Duration segmentAge;
    private final Duration retentionAge;
    private final long retentionBytes;
    private final Duration checkpointInterval;
    private final boolean keepSegmentsUntilReleased;
    private final boolean directIo;

    private FileStoreOptions(long segmentBytes, Duration segmentAge, Duration retentionAge, long retentionBytes,
                             Duration checkpointInterval, boolean keepSegmentsUntilReleased, boolean directIo) {
        this.segmentBytes = segmentBytes;
        this.segmentAge = segmentAge;
        this.retentionAge = retentionAge;
        this.retentionBytes = retentionBytes;
        this.checkpointInterval = checkpointInterval;
        this.keepSegmentsUntilReleased = keepSegmentsUntilReleased;
        this.directIo = directIo;
    }

    /** The defaults: 128 MiB / 1 h segments, no retention. */
    public static FileStoreOptions defaults() {
        return new FileStoreOptions(DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_AGE, null, -1, DEFAULT_CHECKPOINT_INTERVAL, false, true);
    }

    /**
     * Parses options keyed relative to {@link #PREFIX}.
     *
     * @throws IllegalArgumentException naming the full key and what was expected, for an unknown key or a bad value
     */
    public static FileStoreOptions parse(Map<String, String> options) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option " + PREFIX + key + "; the file store accepts "
                        + KEYS.stream().sorted().map(k -> PREFIX + k).collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        FileStoreOptions d = defaults();
        long segmentBytes = options.containsKey(SEGMENT_BYTES) ? size(SEGMENT_BYTES, options.get(SEGMENT_BYTES)) : d.segmentBytes;
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(PREFIX + SEGMENT_BYTES + ": expected at least " + MIN_SEGMENT_BYTES
                    + " bytes, got '" + options.get(SEGMENT_BYTES) + "'");
        }
        Duration segmentAge = options.containsKey(SEGMENT_AGE) ? duration(SEGMENT_AGE, options.get(SEGMENT_AGE)) : d.segmentAge;
        if (segmentAge == null || segmentAge.isZero()) {
            throw new IllegalArgumentException(PREFIX + SEGMENT_AGE + ": expected a positive duration such as 1h or 30m, got '"
                    + options.get(SEGMENT_AGE) + "'");
        }
        Duration retentionAge = options.containsKey(RETENTION_AGE) ? duration(RETENTION_AGE, options.get(RETENTION_AGE)) : null;
        long retentionBytes = options.containsKey(RETENTION_BYTES) ? size(RETENTION_BYTES, options.get(RETENTION_BYTES)) : -1;
        boolean directIo = !options.containsKey(DIRECT_IO) || bool(DIRECT_IO, options.get(DIRECT_IO));
        return new FileStoreOptions(segmentBytes, segmentAge, retentionAge, retentionBytes, d.checkpointInterval, false,
                directIo);
    }

    public long segmentBytes() {
        return segmentBytes;
    }

    public Duration segmentAge() {
        return segmentAge;
    }

    /** Retention by age, or null when off. */
    public Duration retentionAge() {
        return retentionAge;
    }

    /** Retention by total segment bytes, or -1 when off. */
    public long retentionBytes() {
        return retentionBytes;
    }

    Duration checkpointInterval() {
        return checkpointInterval;
    }

    /** A copy with another checkpoint interval (tests use zero: every sync checkpoints). */
    FileStoreOptions withCheckpointInterval(Duration interval) {
        return new FileStoreOptions(segmentBytes, segmentAge, retentionAge, retentionBytes, interval, keepSegmentsUntilReleased,
                directIo);
    }

    /**
     * A copy for a store used as a spool in front of an archive (the S3 store): no segment is
     * ever deleted by retention, purge or the "no live session" rule; sealed segments go only
     * through {@link FileStore#release(long)}, once the archive holds them. Retention options
     * are ignored. Programmatic only: there is no {@code witness.store.file.*} key for it.
     */
    public FileStoreOptions withSegmentsKeptUntilReleased() {
        return new FileStoreOptions(segmentBytes, segmentAge, retentionAge, retentionBytes, checkpointInterval, true,
                directIo);
    }

    /**
     * True if appends bypass the page cache where the file system allows it ({@code directIo},
     * default true): a recording is written once and read rarely, so caching it would only evict
     * the application's own pages.
     */
    public boolean directIo() {
        return directIo;
    }

    /** True if segments are deleted only by {@link FileStore#release(long)}. */
    public boolean keepSegmentsUntilReleased() {
        return keepSegmentsUntilReleased;
    }

    @Override
    public String toString() {
        return "FileStoreOptions[segmentBytes=" + segmentBytes + ", segmentAge=" + segmentAge + ", retentionAge="
                + (retentionAge == null ? "off" : retentionAge) + ", retentionBytes=" + (retentionBytes < 0 ? "off" : retentionBytes) + (keepSegmentsUntilReleased ? ", keepSegmentsUntilReleased" : "") + (directIo ? "" : ", directIo=false") + "]";
    }

    private static boolean bool(String key, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new IllegalArgumentException(PREFIX + key + ": expected true or false, got '" + value + "'");
    }

    private static boolean isOff(String key, String value) {
        return (key.equals(RETENTION_AGE) || key.equals(RETENTION_BYTES)) && value.trim().equalsIgnoreCase("off");
    }

    static long size(String key, String value) {
        String expected = PREFIX + key + ": expected a size such as 134217728, 512KiB, 128MiB or 1GiB"
                + (key.startsWith("retention.") ? ", or off" : "") + ", got '" + value + "'";
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        if (isOff(key, value)) {
            return -1;
        }
        Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(expected);
        }
        int shift;
        switch (m.group(2)) {
            case "": case "b": shift = 0; break;
            case "k": case "kb": case "kib": shift = 10; break;
            case "m": case "mb": case "mib": shift = 20; break;
            case "g": case "gb": case "gib": shift = 30; break;
            case "t": case "tb": case "tib": shift = 40; break;
            default: throw new IllegalArgumentException(expected);
        }
        try {
            long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException(expected + " (too large)");
            }
            return number << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected + " (too large)", e);
        }
    }

    /** A duration; null for {@code off} on retention keys. */
    static Duration duration(String key, String value) {
        String expected = PREFIX + key + ": expected a duration such as 500ms, 30s, 15m, 1h, 30d, 2w or PT1H"
                + (key.startsWith("retention.") ? ", or off" : "") + ", got '" + value + "'";
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        if (isOff(key, value)) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                switch (m.group(2)) {
                    case "ms": d = Duration.ofMillis(n); break;
                    case "s": d = Duration.ofSeconds(n); break;
                    case "m": d = Duration.ofMinutes(n); break;
                    case "h": d = Duration.ofHours(n); break;
                    case "d": d = Duration.ofDays(n); break;
                    default: d = Duration.ofDays(Math.multiplyExact(n, 7)); break;
                }
            } else if (v.startsWith("p")) {
                d = Duration.parse(value.trim());
            } else {
                throw new IllegalArgumentException(expected);
            }
            if (d.isNegative()) {
                throw new IllegalArgumentException(expected + " (negative)");
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }
}
