package dev.witness.storage.s3;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of an S3 store: the bucket and prefix of its {@code s3://bucket/prefix} URI and
 * its options, keyed relative to {@value #PREFIX} (docs/storage-s3.md lists each one).
 * Every error names the full key and what was expected.
 *
 * <p>Immutable and thread-safe. Defaults are the named constants below.
 */
public final class S3StoreOptions {
    public static final String PREFIX = "witness.store.s3.";

    public static final String REGION = "region";
    public static final String ENDPOINT = "endpoint";
    public static final String PATH_STYLE = "pathStyle";
    public static final String ACCESS_KEY_ID = "accessKeyId";
    public static final String SECRET_ACCESS_KEY = "secretAccessKey";
    public static final String INSTANCE = "instance";
    public static final String SPOOL = "spool";
    public static final String SPOOL_MAX_BYTES = "spool.maxBytes";
    public static final String SEGMENT_BYTES = "segmentBytes";
    public static final String SEGMENT_AGE = "segmentAge";
    public static final String MULTIPART_THRESHOLD = "multipart.threshold";
    public static final String MULTIPART_PART_SIZE = "multipart.partSize";
    public static final String OBJECT_LOCK = "objectLock";
    public static final String OBJECT_LOCK_RETENTION = "objectLock.retention";
    public static final String OBJECT_LOCK_CHECK_BUCKET = "objectLock.checkBucket";
    public static final String SSE = "sse";
    public static final String SSE_KMS_KEY_ID = "sse.kmsKeyId";
    public static final String RETRY_INITIAL_BACKOFF = "retry.initialBackoff";
    public static final String RETRY_MAX_BACKOFF = "retry.maxBackoff";
    public static final String REFRESH = "refresh";
    public static final String CLOSE_TIMEOUT = "closeTimeout";
    public static final String CHECKSUMS = "checksums";

    /** Every accepted key, relative to {@link #PREFIX}. */
    public static final Set<String> KEYS = Set.of(REGION, ENDPOINT, PATH_STYLE, ACCESS_KEY_ID, SECRET_ACCESS_KEY, INSTANCE, SPOOL,
            SPOOL_MAX_BYTES, SEGMENT_BYTES, SEGMENT_AGE, MULTIPART_THRESHOLD, MULTIPART_PART_SIZE, OBJECT_LOCK,
            OBJECT_LOCK_RETENTION, OBJECT_LOCK_CHECK_BUCKET, SSE, SSE_KMS_KEY_ID, RETRY_INITIAL_BACKOFF, RETRY_MAX_BACKOFF, REFRESH, CLOSE_TIMEOUT, CHECKSUMS);

    public static final long DEFAULT_SPOOL_MAX_BYTES = 2L << 30;
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofMinutes(1);
    public static final long DEFAULT_MULTIPART_THRESHOLD = 16L << 20;
    public static final long DEFAULT_MULTIPART_PART_SIZE = 8L << 20;
    /** S3's smallest part (all parts but the last). */
    public static final long MIN_PART_SIZE = 5L << 20;
    public static final long MIN_SEGMENT_BYTES = 4096;
    public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Default spool directory, relative to the working directory; the bucket and prefix are appended. */
    public static final String DEFAULT_SPOOL_ROOT = "witness-s3-spool";

    /** Object Lock retention mode. */
    public enum LockMode { GOVERNANCE, COMPLIANCE }

    /** Server-side encryption. */
    public enum Encryption { OFF, S3, KMS }

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private final String bucket;
    private final String prefix;
    private final String region;
    private final URI endpoint;
    private final boolean pathStyle;
    private final String accessKeyId;
    private final String secretAccessKey;
    private final String instance;
    private final Path spool;
    private final long spoolMaxBytes;
    private final long segmentBytes;
    private final Duration segmentAge;
    private final long multipartThreshold;
    private final long multipartPartSize;
    private final LockMode lockMode;
    private final Duration lockRetention;
    private final boolean lockCheckBucket;
    private final Encryption encryption;
    private final String kmsKeyId;
    private final Duration retryInitialBackoff;
    private final Duration retryMaxBackoff;
    private final Duration refresh;
    private final Duration closeTimeout;
    private final boolean checksumsWhenRequired;

    private S3StoreOptions(URI uri, Map<String, String> o) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque() || uri.getHost() == null) {
            throw new IllegalArgumentException("witness.store: expected s3://bucket or s3://bucket/prefix, got '" + uri + "'");
        }
        bucket = uri.getHost();
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new IllegalArgumentException("witness.store: '" + bucket + "' is not a valid S3 bucket name (3 to 63 characters: "
                    + "lower-case letters, digits, dots and hyphens), in '" + uri + "'");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        prefix = path;
        for (String key : o.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown option " + PREFIX + key + "; the S3 store accepts "
                        + String.join(", ", new TreeSet<>(KEYS.stream().map(k -> PREFIX + k).toList())));
            }
        }
        region = blankToNull(o.get(REGION));
        endpoint = o.containsKey(ENDPOINT) ? endpoint(o.get(ENDPOINT)) : null;
        pathStyle = bool(PATH_STYLE, o.getOrDefault(PATH_STYLE, "false"));
        accessKeyId = blankToNull(o.get(ACCESS_KEY_ID));
        secretAccessKey = blankToNull(o.get(SECRET_ACCESS_KEY));
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException(PREFIX + ACCESS_KEY_ID + " and " + PREFIX + SECRET_ACCESS_KEY
                    + " go together (static keys, meant for tests); set both or neither (then the SDK's default credential chain is used)");
        }
        instance = o.containsKey(INSTANCE) ? o.get(INSTANCE).trim() : defaultInstance();
        if (!INSTANCE_NAME.matcher(instance).matches()) {
            throw new IllegalArgumentException(PREFIX + INSTANCE + ": expected 1 to 64 letters, digits, '.', '_' or '-', got '" + instance + "'");
        }
        spool = o.containsKey(SPOOL) ? path(SPOOL, o.get(SPOOL)) : defaultSpool(bucket, prefix);
        spoolMaxBytes = o.containsKey(SPOOL_MAX_BYTES) ? size(SPOOL_MAX_BYTES, o.get(SPOOL_MAX_BYTES), true) : DEFAULT_SPOOL_MAX_BYTES;
        segmentBytes = o.containsKey(SEGMENT_BYTES) ? size(SEGMENT_BYTES, o.get(SEGMENT_BYTES), false) : DEFAULT_SEGMENT_BYTES;
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException(PREFIX + SEGMENT_BYTES + ": expected at least " + MIN_SEGMENT_BYTES + " bytes, got '"
                    + o.get(SEGMENT_BYTES) + "'");
        }
        segmentAge = positive(SEGMENT_AGE, o, DEFAULT_SEGMENT_AGE);
        if (spoolMaxBytes >= 0 && spoolMaxBytes < segmentBytes) {
            throw new IllegalArgumentException(PREFIX + SPOOL_MAX_BYTES + " (" + spoolMaxBytes + " bytes) must be at least "
                    + PREFIX + SEGMENT_BYTES + " (" + segmentBytes + " bytes): the spool must hold a whole segment");
        }
        multipartThreshold = o.containsKey(MULTIPART_THRESHOLD) ? size(MULTIPART_THRESHOLD, o.get(MULTIPART_THRESHOLD), false)
                : DEFAULT_MULTIPART_THRESHOLD;
        multipartPartSize = o.containsKey(MULTIPART_PART_SIZE) ? size(MULTIPART_PART_SIZE, o.get(MULTIPART_PART_SIZE), false)
                : DEFAULT_MULTIPART_PART_SIZE;
        if (multipartPartSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException(PREFIX + MULTIPART_PART_SIZE + ": S3 parts are at least 5MiB, got '" + o.get(MULTIPART_PART_SIZE) + "'");
        }
        String lock = o.getOrDefault(OBJECT_LOCK, "off").trim();
        if (lock.equalsIgnoreCase("off")) {
            lockMode = null;
        } else {
            try {
                lockMode = LockMode.valueOf(lock.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + OBJECT_LOCK + ": expected GOVERNANCE, COMPLIANCE or off, got '" + lock + "'", e);
            }
        }
        if (lockMode != null && !o.containsKey(OBJECT_LOCK_RETENTION)) {
            throw new IllegalArgumentException(PREFIX + OBJECT_LOCK + "=" + lockMode + " needs " + PREFIX + OBJECT_LOCK_RETENTION
                    + " (how long each object is locked, e.g. 365d)");
        }
        lockRetention = lockMode == null ? null : positive(OBJECT_LOCK_RETENTION, o, null);
        lockCheckBucket = bool(OBJECT_LOCK_CHECK_BUCKET, o.getOrDefault(OBJECT_LOCK_CHECK_BUCKET, "true"));
        String sse = o.getOrDefault(SSE, "off").trim().toLowerCase(Locale.ROOT);
        switch (sse) {
            case "off": encryption = Encryption.OFF; break;
            case "s3": case "aes256": encryption = Encryption.S3; break;
            case "kms": case "aws:kms": encryption = Encryption.KMS; break;
            default: throw new IllegalArgumentException(PREFIX + SSE + ": expected off, s3 (SSE-S3) or kms (SSE-KMS), got '" + o.get(SSE) + "'");
        }
        kmsKeyId = blankToNull(o.get(SSE_KMS_KEY_ID));
        if (kmsKeyId != null && encryption != Encryption.KMS) {
            throw new IllegalArgumentException(PREFIX + SSE_KMS_KEY_ID + " is set but " + PREFIX + SSE + " is not kms");
        }
        retryInitialBackoff = positive(RETRY_INITIAL_BACKOFF, o, DEFAULT_RETRY_INITIAL_BACKOFF);
        retryMaxBackoff = positive(RETRY_MAX_BACKOFF, o, DEFAULT_RETRY_MAX_BACKOFF);
        if (retryMaxBackoff.compareTo(retryInitialBackoff) < 0) {
            throw new IllegalArgumentException(PREFIX + RETRY_MAX_BACKOFF + " (" + retryMaxBackoff + ") is below "
                    + PREFIX + RETRY_INITIAL_BACKOFF + " (" + retryInitialBackoff + ")");
        }
        refresh = o.containsKey(REFRESH) ? duration(REFRESH, o.get(REFRESH)) : DEFAULT_REFRESH;
        closeTimeout = o.containsKey(CLOSE_TIMEOUT) ? duration(CLOSE_TIMEOUT, o.get(CLOSE_TIMEOUT)) : DEFAULT_CLOSE_TIMEOUT;
        String checksums = o.getOrDefault(CHECKSUMS, "when_supported").trim().toLowerCase(Locale.ROOT);
        if (!checksums.equals("when_supported") && !checksums.equals("when_required")) {
            throw new IllegalArgumentException(PREFIX + CHECKSUMS + ": expected when_supported or when_required, got '" + o.get(CHECKSUMS) + "'");
        }
        checksumsWhenRequired = checksums.equals("when_required");
    }

    /**
     * Parses a store URI and its options.
     *
     * @throws IllegalArgumentException naming the key (or {@code witness.store}) and what was expected
     */
    public static S3StoreOptions parse(URI uri, Map<String, String> options) {
        return new S3StoreOptions(uri, options);
    }

    public String bucket() { return bucket; }

    /** Key prefix without leading or trailing slash; empty for the bucket's root. */
    public String prefix() { return prefix; }

    /** Region, or null to use the SDK's default region chain. */
    public String region() { return region; }

    /** Endpoint override, or null for AWS. */
    public URI endpoint() { return endpoint; }

    public boolean pathStyle() { return pathStyle; }

    /** Static access key id (tests), or null for the SDK's default credential chain. */
    public String accessKeyId() { return accessKeyId; }

    public String secretAccessKey() { return secretAccessKey; }

    public String instance() { return instance; }

    public Path spool() { return spool; }

    /** Spool size above which appends wait for uploads, or -1 when unbounded. */
    public long spoolMaxBytes() { return spoolMaxBytes; }

    public long segmentBytes() { return segmentBytes; }

    public Duration segmentAge() { return segmentAge; }

    public long multipartThreshold() { return multipartThreshold; }

    public long multipartPartSize() { return multipartPartSize; }

    /** Object Lock mode, or null when off. */
    public LockMode lockMode() { return lockMode; }

    /** Object Lock retention, or null when off. */
    public Duration lockRetention() { return lockRetention; }

    /**
     * Whether open checks that the bucket has Object Lock enabled (true by default; false only for
     * S3-compatible servers that do not implement GetObjectLockConfiguration).
     */
    public boolean lockCheckBucket() { return lockCheckBucket; }

    public Encryption encryption() { return encryption; }

    /** KMS key id for SSE-KMS, or null for the bucket's default (aws/s3) key. */
    public String kmsKeyId() { return kmsKeyId; }

    public Duration retryInitialBackoff() { return retryInitialBackoff; }

    public Duration retryMaxBackoff() { return retryMaxBackoff; }

    /** How long a listing of other instances' objects is reused before the bucket is listed again. */
    public Duration refresh() { return refresh; }

    public Duration closeTimeout() { return closeTimeout; }

    public boolean checksumsWhenRequired() { return checksumsWhenRequired; }

    /** {@code s3://bucket/prefix}, for messages. */
    public String location() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }

    @Override
    public String toString() {
        return "S3StoreOptions[" + location() + ", instance=" + instance + ", spool=" + spool + ", endpoint=" + endpoint
                + ", region=" + region + ", pathStyle=" + pathStyle + ", lock=" + (lockMode == null ? "off" : lockMode + "/" + lockRetention)
                + ", sse=" + encryption + "]";
    }

    // ------------------------------------------------------------------ parsing

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String defaultInstance() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank()) {
            return "instance";
        }
        String cleaned = host.trim().replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    private static Path defaultSpool(String bucket, String prefix) {
        Path p = Path.of(DEFAULT_SPOOL_ROOT, bucket);
        if (!prefix.isEmpty()) {
            p = p.resolve(prefix.replaceAll("[^A-Za-z0-9._/-]", "_"));
        }
        return p.toAbsolutePath().normalize();
    }

    private static URI endpoint(String value) {
        String expected = PREFIX + ENDPOINT + ": expected an http or https URL such as http://127.0.0.1:9000, got '" + value + "'";
        try {
            URI uri = new URI(value.trim());
            if (uri.getScheme() == null || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))
                    || uri.getHost() == null) {
                throw new IllegalArgumentException(expected);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected, e);
        }
    }

    private static boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException(PREFIX + key + ": expected true or false, got '" + value + "'");
    }

    private static Path path(String key, String value) {
        try {
            return Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(PREFIX + key + ": '" + value + "' is not a valid directory path: " + e.getMessage(), e);
        }
    }

    private static Duration positive(String key, Map<String, String> o, Duration defaultValue) {
        if (!o.containsKey(key)) {
            return defaultValue;
        }
        Duration d = duration(key, o.get(key));
        if (d.isZero()) {
            throw new IllegalArgumentException(PREFIX + key + ": expected a positive duration, got '" + o.get(key) + "'");
        }
        return d;
    }

    static long size(String key, String value, boolean offAllowed) {
        String expected = PREFIX + key + ": expected a size such as 4096, 512KiB, 64MiB or 2GiB" + (offAllowed ? ", or off" : "")
                + ", got '" + value + "'";
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (offAllowed && v.equals("off")) {
            return -1;
        }
        Matcher m = SIZE.matcher(v);
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

    static Duration duration(String key, String value) {
        String expected = PREFIX + key + ": expected a duration such as 500ms, 30s, 15m, 1h, 30d, 2w or PT1H, got '" + value + "'";
        if (value == null) {
            throw new IllegalArgumentException(expected);
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
