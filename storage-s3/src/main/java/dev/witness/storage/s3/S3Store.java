package dev.witness.storage.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.witness.storage.AppendBatch;
import dev.witness.storage.EventCursor;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import dev.witness.storage.StoreException;
import dev.witness.storage.file.FileStore;
import dev.witness.storage.file.FileStoreOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The S3 store: events are made durable in a local spool first (a {@link FileStore}, same
 * segment format and crash recovery), and sealed spool segments are uploaded in the background,
 * byte for byte, each followed by a small JSON index object; a segment leaves the spool only
 * once both objects are confirmed. Any number of instances share one bucket and prefix; each
 * lists and reads every instance's sessions through the index objects (docs/storage-s3.md).
 *
 * <p>Threading: {@link #append} and {@link #sync} come from the Recorder's writer thread (the
 * spool serializes them if several threads call); readers ({@link #sessions}, {@link #session},
 * {@link #read}) come from any thread; one uploader thread ({@value #UPLOADER_THREAD}) seals,
 * uploads and releases segments. Invariants:
 * <ul>
 * <li>a segment is deleted locally only after its segment object and index object were
 *     written (and it is added to the {@link Catalog} in the same step as it leaves the spool,
 *     under {@code handOver}, which {@link #read} also takes: a reader sees each segment either
 *     in the spool or in the catalog, never both or neither);</li>
 * <li>segments upload in log order, so a session's uploaded events precede its spooled ones;</li>
 * <li>a segment is not released while a cursor reads the spool (it is retried on the next pass);</li>
 * <li>appends wait while the spool is larger than {@code spool.maxBytes}: the Recorder's
 *     back-pressure policy then applies, nothing is dropped here.</li>
 * </ul>
 */
public final class S3Store implements RecordingStore {
    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    static final String UPLOADER_THREAD = "witness-s3-uploader";
    private static final String SPOOL_ID_FILE = "spool.id";
    private static final String SEGMENTS_DIR = "segments";
    private static final long POLL_MILLIS = 200;
    /** How long readers of the spool (cursors not closed) may hold back the hand-over of an uploaded segment. */
    private static final long HAND_OVER_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final JsonFactory JSON = new JsonFactory();

    private final S3StoreOptions options;
    private final Bucket bucket;
    private final ObjectLayout layout;
    private final FileStore spool;
    private final String spoolId;
    private final Catalog catalog = new Catalog();
    private final Clock clock;
    private final Object handOver = new Object();
    private final Object wake = new Object();
    private final Object space = new Object();
    private final Object refreshLock = new Object();
    /** Makes "append, then see whether the spool rolled" and "seal" atomic with respect to each other, for {@link #sealedBytes}. */
    private final Object sealing = new Object();
    private final Thread uploader;
    private final AtomicLong purgeCounter = new AtomicLong();
    private int openSpoolCursors;
    /** When the uploader first found readers in the spool for the segment it is handing over; 0 when it is not waiting. */
    private long handOverDeferredSince;
    /** Bytes of sealed, not yet released segments: exact after each uploader pass, kept current between passes. */
    private final AtomicLong sealedBytes = new AtomicLong();
    private volatile long firstAppendNanos;
    private volatile long lastRefreshNanos;
    private volatile boolean closing;
    private volatile boolean stopUploader;
    private volatile boolean closed;
    private volatile String lastUploadError;
    private volatile long uploadedSegments;

    private S3Store(S3StoreOptions options, Bucket bucket, FileStore spool, String spoolId, Clock clock) {
        this.options = options;
        this.bucket = bucket;
        this.layout = new ObjectLayout(options.prefix());
        this.spool = spool;
        this.spoolId = spoolId;
        this.clock = clock;
        this.uploader = new Thread(this::uploadLoop, UPLOADER_THREAD + "-" + options.bucket());
        this.uploader.setDaemon(true);
    }

    /**
     * Opens the store: checks the bucket (existence, credentials, reachability, Object Lock when
     * configured) before touching the spool, opens (and recovers) the spool, reads the bucket's
     * index objects, and starts uploading what the spool holds, including what a crash left.
     *
     * @throws StoreException naming the bucket, the endpoint and what to fix; the spool is left as it was
     */
    public static S3Store open(S3StoreOptions options) {
        return open(options, List.of(), Clock.systemUTC());
    }

    static S3Store open(S3StoreOptions options, List<ExecutionInterceptor> interceptors, Clock clock) {
        Objects.requireNonNull(options, "options");
        Bucket bucket = Bucket.connect(options, interceptors);
        FileStore spool = null;
        try {
            bucket.check();
            Files.createDirectories(options.spool());
            String spoolId = spoolId(options.spool());
            FileStoreOptions spoolOptions = FileStoreOptions.parse(Map.of(
                    FileStoreOptions.SEGMENT_BYTES, Long.toString(options.segmentBytes()),
                    FileStoreOptions.SEGMENT_AGE, options.segmentAge().toMillis() + "ms")).withSegmentsKeptUntilReleased();
            spool = FileStore.open(options.spool().resolve(SEGMENTS_DIR), spoolOptions);
            S3Store store = new S3Store(options, bucket, spool, spoolId, clock);
            store.refresh(true);
            store.sealedBytes.set(store.measureSealedBytes());
            store.uploader.start();
            LOG.info("S3 store {} open: instance {}, spool {} (id {}), {} session(s) listed from the bucket", options.location(),
                    options.instance(), options.spool(), spoolId, store.catalog.size());
            return store;
        } catch (IOException | RuntimeException e) {
            if (spool != null) {
                try {
                    spool.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            bucket.close();
            if (e instanceof StoreException se) {
                throw se;
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new StoreException(options.location() + ": cannot open the spool " + options.spool() + ": " + e, e);
        }
    }

    private static String spoolId(Path dir) throws IOException {
        Path file = dir.resolve(SPOOL_ID_FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
            if (id.matches("[a-z0-9]{8,32}")) {
                return id;
            }
            throw new StoreException("spool " + dir + ": " + SPOOL_ID_FILE + " holds '" + id + "', not a spool id; "
                    + "restore it or move the spool directory aside");
        }
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        Path tmp = dir.resolve(SPOOL_ID_FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id.toString();
    }

    public S3StoreOptions options() {
        return options;
    }

    /** The random id of this store's spool, part of every key it writes. */
    public String spoolId() {
        return spoolId;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public void append(AppendBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        awaitSpoolSpace();
        boolean rolled;
        synchronized (sealing) {
            long active = spool.activeSegment();
            long activeBytes = spool.activeSegmentSize();
            spool.append(batch);
            rolled = spool.activeSegment() != active;
            if (rolled) {
                sealedBytes.addAndGet(activeBytes); // the spool rolled: the old active segment is sealed
            }
        }
        if (rolled) {
            signalUploader();
        }
        if (firstAppendNanos == 0) {
            firstAppendNanos = System.nanoTime();
        }
    }

    @Override
    public void sync() {
        ensureOpen();
        spool.sync();
    }

    private void awaitSpoolSpace() {
        long max = options.spoolMaxBytes();
        if (max < 0 || spoolBytes() <= max) {
            return;
        }
        long since = System.nanoTime();
        boolean warned = false;
        signalUploader();
        synchronized (space) {
            while (spoolBytes() > max && !closing) {
                if (!warned && System.nanoTime() - since > TimeUnit.SECONDS.toNanos(1)) {
                    warned = true;
                    LOG.warn("S3 store {}: the spool holds {} bytes, over {}{}={}; appends wait for uploads (last upload error: {})",
                            options.location(), spoolBytes(), S3StoreOptions.PREFIX, S3StoreOptions.SPOOL_MAX_BYTES, max, lastUploadError);
                }
                try {
                    space.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for spool space in " + options.spool());
                }
            }
        }
        if (warned) {
            LOG.info("S3 store {}: spool below {} again; appends waited {} ms", options.location(), max,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
        }
    }

    /** Bytes the spool holds: sealed segments waiting for upload plus the active segment. */
    public long spoolBytes() {
        return sealedBytes.get() + (closed ? 0 : spool.activeSegmentSize());
    }

    /** Number of segments uploaded since open. */
    public long uploadedSegments() {
        return uploadedSegments;
    }

    /**
     * Seals the active spool segment and waits until every sealed segment is uploaded, or the
     * timeout passes.
     *
     * @return true if the spool holds nothing sealed any more
     */
    public boolean flush(java.time.Duration timeout) {
        ensureOpen();
        sealActive();
        return awaitUploads(System.nanoTime() + timeout.toNanos());
    }

    private boolean awaitUploads(long deadlineNanos) {
        signalUploader();
        while (true) {
            if (spool.sealedSegments().isEmpty()) {
                return true;
            }
            if (System.nanoTime() >= deadlineNanos || !uploader.isAlive()) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ------------------------------------------------------------------ reads

    @Override
    public SessionPage sessions(SessionQuery query) {
        Objects.requireNonNull(query, "query");
        ensureOpen();
        refresh(false);
        int want = query.limit() + 1;
        List<SessionDescriptor> local = spooledSessions(query, want);
        List<SessionDescriptor> remote = catalog.query(query, want, this::inSpool);
        List<SessionDescriptor> merged = new ArrayList<>(want);
        int i = 0, j = 0;
        while (merged.size() < want && (i < local.size() || j < remote.size())) {
            if (j >= remote.size() || (i < local.size() && local.get(i).id().compareTo(remote.get(j).id()) <= 0)) {
                SessionDescriptor d = local.get(i++);
                if (j < remote.size() && remote.get(j).id().equals(d.id())) {
                    j++;
                }
                merged.add(d);
            } else {
                merged.add(remote.get(j++));
            }
        }
        if (merged.size() > query.limit()) {
            List<SessionDescriptor> page = merged.subList(0, query.limit());
            return new SessionPage(page, page.get(page.size() - 1).id());
        }
        return new SessionPage(merged, null);
    }

    /** Up to {@code want} spooled sessions matching {@code query}, leaving out those another instance purged. */
    private List<SessionDescriptor> spooledSessions(SessionQuery query, int want) {
        List<SessionDescriptor> out = new ArrayList<>(want);
        SessionQuery q = new SessionQuery(query.identity(), query.target(), query.source(), query.from(), query.to(), query.afterId(), want);
        while (true) {
            SessionPage page = spool.sessions(q);
            for (SessionDescriptor d : page.sessions()) {
                if (!catalog.isPurged(d.id())) {
                    out.add(d);
                    if (out.size() == want) {
                        return out;
                    }
                }
            }
            if (!page.hasNext()) {
                return out;
            }
            q = q.next(page);
        }
    }

    private boolean inSpool(String id) {
        try {
            spool.session(id);
            return true;
        } catch (NoSuchSessionException e) {
            return false;
        }
    }

    @Override
    public SessionDescriptor session(String sessionId) {
        ensureOpen();
        if (!catalog.isPurged(sessionId)) {
            try {
                return spool.session(sessionId);
            } catch (NoSuchSessionException e) {
                // not (or no longer) in the spool: the bucket's view
            }
            refresh(false);
            SessionDescriptor d = catalog.descriptor(sessionId);
            if (d != null) {
                return d;
            }
        }
        throw new NoSuchSessionException(sessionId);
    }

    @Override
    public EventCursor read(String sessionId) {
        ensureOpen();
        refresh(false);
        synchronized (handOver) {
            if (catalog.isPurged(sessionId)) {
                throw new NoSuchSessionException(sessionId);
            }
            EventCursor local = null;
            try {
                local = spool.read(sessionId);
            } catch (NoSuchSessionException e) {
                if (catalog.descriptor(sessionId) == null) {
                    throw e;
                }
            }
            List<Catalog.Location> locations = catalog.locations(sessionId);
            if (local != null) {
                openSpoolCursors++;
            }
            return new S3SessionCursor(bucket, sessionId, locations, local, this::spoolCursorDone);
        }
    }

    private void spoolCursorDone() {
        synchronized (handOver) {
            openSpoolCursors--;
            handOver.notifyAll();
        }
    }

    /**
     * Lists the bucket's index objects and purge records and reads those not read yet; at most
     * once per {@code refresh} interval unless forced. A failure is logged and the last view kept:
     * reads of spooled data go on during an outage.
     */
    private void refresh(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastRefreshNanos < options.refresh().toNanos()) {
            return;
        }
        synchronized (refreshLock) {
            if (!force && System.nanoTime() - lastRefreshNanos < options.refresh().toNanos()) {
                return;
            }
            try {
                long firstLocal = firstLocalSegment();
                for (String key : bucket.list(layout.indexPrefix())) {
                    if (catalog.isLoaded(key)) {
                        continue;
                    }
                    ObjectLayout.SegmentRef ref = ObjectLayout.parseIndexKey(key);
                    if (ref == null) {
                        continue;
                    }
                    if (ref.instance().equals(options.instance()) && ref.spool().equals(spoolId) && ref.segment() >= firstLocal) {
                        continue; // still in the spool: the uploader hands it over
                    }
                    try (InputStream in = bucket.get(key)) {
                        catalog.add(key, IndexObject.parse(key, in));
                    } catch (IOException | RuntimeException e) {
                        if (e instanceof software.amazon.awssdk.core.exception.SdkClientException sce) {
                            throw sce;
                        }
                        LOG.warn("S3 store {}: skipping index object {} that cannot be read: {}", options.location(), key, Bucket.describe(e));
                    }
                }
                for (String key : bucket.list(layout.purgePrefix())) {
                    if (!catalog.isLoaded(key)) {
                        try (InputStream in = bucket.get(key)) {
                            catalog.addPurged(key, parsePurge(in));
                        }
                    }
                }
                lastRefreshNanos = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                if (force) {
                    throw e instanceof StoreException se ? se
                            : new StoreException(options.location() + ": cannot list the bucket's index objects: " + Bucket.describe(e), e);
                }
                lastRefreshNanos = System.nanoTime();
                LOG.warn("S3 store {}: cannot list the bucket ({}); answering from the last listing and the spool",
                        options.location(), Bucket.describe(e));
            }
        }
    }

    private long firstLocalSegment() {
        List<Long> sealed = spool.sealedSegments();
        return sealed.isEmpty() ? spool.activeSegment() : sealed.get(0);
    }

    // ------------------------------------------------------------------ purge

    @Override
    public long purgeOlderThan(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        ensureOpen();
        refresh(false);
        Set<String> ids = new LinkedHashSet<>(spool.sessionsOlderThan(cutoff));
        ids.removeIf(catalog::isPurged);
        ids.addAll(catalog.olderThan(cutoff, this::inSpool));
        if (options.lockMode() != null) {
            Map<String, String> locked = lockedBy(ids, clock.instant());
            if (!locked.isEmpty()) {
                LOG.warn("S3 store {}: purgeOlderThan({}) keeps {} session(s) that Object Lock still protects: {}", options.location(),
                        cutoff, locked.size(), summary(locked));
                ids.removeAll(locked.keySet());
            }
        }
        return purgeUnlocked(ids);
    }

    /**
     * Removes sessions: a purge record naming them is written to the bucket first (so every
     * instance drops them, now and after restarts), then they leave the spool, and segment
     * objects left with no live session are deleted once no lock protects them.
     *
     * @throws ObjectLockedException if Object Lock is configured and protects any of the sessions;
     *         nothing is purged then
     * @throws StoreException if the purge record cannot be written; nothing is purged then
     */
    @Override
    public long purge(Collection<String> sessionIds) {
        Objects.requireNonNull(sessionIds, "sessionIds");
        ensureOpen();
        refresh(false);
        Set<String> present = new LinkedHashSet<>();
        for (String id : sessionIds) {
            if (id != null && !catalog.isPurged(id) && (inSpool(id) || catalog.descriptor(id) != null)) {
                present.add(id);
            }
        }
        if (options.lockMode() != null && !present.isEmpty()) {
            Map<String, String> locked = lockedBy(present, clock.instant());
            if (!locked.isEmpty()) {
                throw new ObjectLockedException(options.location() + ": purge refused: Object Lock (" + options.lockMode()
                        + ") still protects " + locked.size() + " of the " + present.size() + " session(s): " + summary(locked)
                        + "; nothing was purged", locked.keySet());
            }
        }
        return purgeUnlocked(present);
    }

    /** For each session a lock protects now, why: its retain-until date, or that it still waits for upload. */
    private Map<String, String> lockedBy(Collection<String> ids, Instant now) {
        Map<String, String> locked = new java.util.TreeMap<>();
        for (String id : ids) {
            Instant until = catalog.retainUntil(id);
            if (inSpool(id)) {
                locked.put(id, "still in the spool, open or not uploaded yet; locked for " + options.lockRetention() + " once uploaded");
            } else if (until != null && until.isAfter(now)) {
                locked.put(id, "locked until " + until);
            }
        }
        return locked;
    }

    private static String summary(Map<String, String> locked) {
        return locked.entrySet().stream().limit(10).map(e -> e.getKey() + " (" + e.getValue() + ")")
                .collect(Collectors.joining(", ")) + (locked.size() > 10 ? ", ..." : "");
    }

    private long purgeUnlocked(Collection<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        String key = layout.purgeKey(options.instance(), spoolId, now, purgeCounter.incrementAndGet());
        try {
            bucket.put(key, purgeJson(ids, now), retainUntil(now));
        } catch (RuntimeException e) {
            throw new StoreException(options.location() + ": cannot write the purge record " + key + " (" + Bucket.describe(e)
                    + "); nothing was purged", e);
        }
        catalog.addPurged(key, ids);
        List<String> spooled = new ArrayList<>();
        for (String id : ids) {
            if (inSpool(id)) {
                spooled.add(id);
            }
        }
        spool.purge(spooled);
        deletePurgedSegments(now);
        return ids.size();
    }

    private void deletePurgedSegments(Instant now) {
        for (IndexObject index : catalog.deletable(now)) {
            String indexKey = catalog.indexKey(index.ref);
            try {
                bucket.delete(index.segmentKey);
                if (indexKey != null) {
                    bucket.delete(indexKey);
                }
                catalog.forget(index.ref);
            } catch (RuntimeException e) {
                LOG.warn("S3 store {}: cannot delete the fully purged segment {} ({}); it stays, hidden by its purge records",
                        options.location(), index.segmentKey, Bucket.describe(e));
            }
        }
    }

    private Instant retainUntil(Instant now) {
        return options.lockMode() == null ? null : now.plus(options.lockRetention());
    }

    private static byte[] purgeJson(Collection<String> ids, Instant at) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", "witness-s3-purge");
            g.writeNumberField("version", 1);
            g.writeStringField("at", at.toString());
            g.writeArrayFieldStart("sessions");
            for (String id : ids) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new StoreException("cannot encode a purge record: " + e, e);
        }
        return out.toByteArray();
    }

    private static List<String> parsePurge(InputStream in) throws IOException {
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a purge record is not a JSON object");
            }
            Map<String, Object> m = IndexObject.readObject(p);
            List<String> ids = new ArrayList<>();
            for (Object o : (List<?>) m.getOrDefault("sessions", List.of())) {
                ids.add((String) o);
            }
            return ids;
        }
    }

    // ------------------------------------------------------------------ upload

    private void signalUploader() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /**
     * The uploader: seals the active segment once it is {@code segmentAge} old, uploads sealed
     * segments in order, and after any failure retries the same segment with exponential
     * backoff (never skipping it, never dropping it) until it goes up or the store closes.
     */
    private void uploadLoop() {
        long backoff = options.retryInitialBackoff().toMillis();
        int failures = 0;
        while (!stopUploader) {
            boolean failed = false;
            try {
                long first = firstAppendNanos;
                if (!closing && first != 0 && System.nanoTime() - first >= options.segmentAge().toNanos()) {
                    sealActive();
                }
                for (long segment : spool.sealedSegments()) {
                    if (stopUploader) {
                        break;
                    }
                    if (!upload(segment)) {
                        break; // a reader holds the spool; try again on the next pass
                    }
                }
                if (failures > 0) {
                    LOG.info("S3 store {}: uploads resumed after {} failed attempt(s)", options.location(), failures);
                }
                failures = 0;
                backoff = options.retryInitialBackoff().toMillis();
                lastUploadError = null;
            } catch (RuntimeException | IOException e) {
                if (stopUploader && closed) {
                    return;
                }
                failed = true;
                failures++;
                lastUploadError = Bucket.describe(e);
                if (failures == 1 || Long.bitCount(failures) == 1) {
                    LOG.warn("S3 store {}: upload failed (attempt {}), retrying in {} ms; events stay in the spool {}: {}",
                            options.location(), failures, backoff, options.spool(), lastUploadError);
                }
            } catch (Error e) {
                LOG.error("S3 store {}: uploader stopped by {}", options.location(), e.toString());
                throw e;
            } finally {
                try {
                    synchronized (sealing) {
                        sealedBytes.set(closed ? 0 : measureSealedBytes());
                    }
                } catch (RuntimeException ignored) {
                    // the spool was closed under us: the loop ends on the next check
                }
                synchronized (space) {
                    space.notifyAll();
                }
            }
            long wait = failed ? backoff : POLL_MILLIS;
            if (failed) {
                backoff = Math.min(backoff * 2, options.retryMaxBackoff().toMillis());
            }
            synchronized (wake) {
                if (!stopUploader) {
                    try {
                        wake.wait(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    private void sealActive() {
        firstAppendNanos = 0;
        synchronized (sealing) {
            long bytes = spool.activeSegmentSize();
            if (spool.seal() >= 0) {
                sealedBytes.addAndGet(bytes);
            }
        }
    }

    private long measureSealedBytes() {
        long total = 0;
        for (long segment : spool.sealedSegments()) {
            try {
                total += Files.size(spool.segmentPath(segment));
            } catch (IOException e) {
                // released while we looked
            }
        }
        return total;
    }

    /**
     * Uploads one sealed segment and its index object (skipping both if a previous run already
     * wrote the index object, which is written last), then hands it over from the spool to the
     * catalog.
     *
     * @return false if the hand-over had to wait for readers of the spool
     */
    private boolean upload(long segment) throws IOException {
        Path file = spool.segmentPath(segment);
        IndexObject.Scan scan = IndexObject.scan(file);
        ObjectLayout.SegmentRef ref = new ObjectLayout.SegmentRef(options.instance(), spoolId, segment);
        String segmentKey = layout.segmentKey(ref, scan.date());
        String indexKey = layout.indexKey(ref, scan.date());
        IndexObject index;
        if (bucket.exists(indexKey)) {
            try (InputStream in = bucket.get(indexKey)) {
                index = IndexObject.parse(indexKey, in);
            }
            if (index.bytes != scan.bytes) {
                throw new StoreException("segment " + segmentKey + " is already in the bucket with " + index.bytes
                        + " bytes, but the spool's copy has " + scan.bytes + ": two spools share the id " + spoolId
                        + " (a copied or restored spool directory?); stop the other writer, or move " + options.spool()
                        + " aside and start with a new spool (its segments can be uploaded by opening a store on a copy)");
            }
            LOG.info("S3 store {}: segment {} was already uploaded (by an attempt whose answer was lost, or a run that stopped before deleting it locally)",
                    options.location(), segmentKey);
        } else {
            Instant now = clock.instant();
            Instant retainUntil = retainUntil(now);
            bucket.upload(segmentKey, file, scan.bytes, retainUntil);
            index = scan.toIndex(ref, segmentKey, now, options.lockMode() == null ? null : options.lockMode().name(), retainUntil);
            bucket.put(indexKey, index.toJson(), retainUntil);
        }
        synchronized (handOver) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (openSpoolCursors > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    if (handOverDeferredSince == 0) {
                        handOverDeferredSince = System.nanoTime();
                    }
                    if (System.nanoTime() - handOverDeferredSince < HAND_OVER_PATIENCE_NANOS) {
                        return false;
                    }
                    LOG.warn("S3 store {}: {} cursor(s) have kept the spool busy for {} s; releasing {} under them "
                                    + "(a cursor still reading it may fail with an error naming the segment; none returns wrong data)",
                            options.location(), openSpoolCursors, TimeUnit.NANOSECONDS.toSeconds(HAND_OVER_PATIENCE_NANOS), segmentKey);
                    break;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(handOver, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            handOverDeferredSince = 0;
            catalog.add(indexKey, index);
            spool.release(segment);
        }
        sealedBytes.addAndGet(-scan.bytes);
        synchronized (space) {
            space.notifyAll();
        }
        uploadedSegments++;
        LOG.debug("S3 store {}: uploaded {} ({} bytes, {} session(s))", options.location(), segmentKey, scan.bytes, index.parts.size());
        return true;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public RecoveryReport recoveryReport() {
        return spool.recoveryReport();
    }

    /**
     * Stops taking appends, seals the active segment, waits up to {@code closeTimeout} for the
     * spool to upload, then closes the spool and the client. What is not uploaded by then stays
     * in the spool, durable, and goes up at the next open. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        RuntimeException failure = null;
        try {
            sealActive();
            if (!awaitUploads(System.nanoTime() + options.closeTimeout().toNanos())) {
                LOG.warn("S3 store {}: closing with {} sealed segment(s) not uploaded ({}); they stay in the spool {} and are "
                        + "uploaded at the next open", options.location(), spool.sealedSegments().size(), lastUploadError, options.spool());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        stopUploader = true;
        signalUploader();
        try {
            uploader.join(options.closeTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        try {
            spool.close();
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        bucket.close();
        synchronized (space) {
            space.notifyAll();
        }
        if (failure != null) {
            throw failure instanceof StoreException ? failure
                    : new StoreException(options.location() + ": did not close cleanly: " + failure, failure);
        }
    }

    /**
     * Stops as a crash would, as far as the bucket can tell: the uploader stops at once, nothing
     * is sealed or uploaded, and the spool is closed as it is. For tests of the restart path.
     */
    void abandon() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        stopUploader = true;
        signalUploader();
        try {
            uploader.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        spool.close();
        bucket.close();
    }

    private void ensureOpen() {
        if (closing) {
            throw new StoreException("store " + options.location() + " is closed");
        }
    }

    @Override
    public String toString() {
        return "S3Store[" + options.location() + ", instance " + options.instance() + ", spool " + options.spool() + "]";
    }
}
