package dev.witness.recorder.internal;

import dev.witness.masking.Masker;
import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Durability;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Gap;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.format.EventEncoder;
import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer thread: drains the queue in batches (whatever is there, up to {@code batch.size}:
 * large batches under load, low latency when idle), masks and encodes each event into its
 * session's hash chain, appends the batch, syncs per durability, then completes the waiters.
 *
 * <p>It never dies: an event that fails to materialize or encode becomes a gap event (its
 * exception message is not stored, since it may hold the very value being masked); a store
 * that fails is retried with backoff while the queue, and then the backpressure policy, absorb
 * the wait. Only a STOP marker ends the loop, after everything before it is durable.
 *
 * <p>Counters are written by this thread only and read racily by {@code stats()}.
 */
final class WriterLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    /** How often a gathering writer looks whether the batch is full already. */
    private static final long GATHER_SLICE_NANOS = 1_000_000;

    private final BatchRecorder recorder;
    private final ArrayBlockingQueue<QueueEntry> queue;
    private final java.util.Queue<QueueEntry> overflow;
    private final RecordingStore store;
    private final EventEncoder encoder;
    private final DescriptorMasker descriptors;
    private final Durability durability;
    private final int batchSize;
    private final long syncIntervalNanos;

    private final List<QueueEntry> batch;
    private final List<SessionDescriptor> opened = new ArrayList<>();
    private final List<EncodedEvent> events = new ArrayList<>();
    private final List<SessionDescriptor> closed = new ArrayList<>();
    private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
    private final long lingerNanos;
    /** Queued events at which gathering stops: a full batch, or half the queue (callers must not meet a full one). */
    private final int gatherLimit;
    /** True while the writer is parked for lack of work; a caller that clears it unparks the writer. */
    private final AtomicBoolean parked = new AtomicBoolean();
    /** Set by a caller that waits for its entry: skip the linger. */
    private volatile boolean urgent;
    private long lastSyncNanos = System.nanoTime();
    /** Events of this batch that went onto another event's line ({@link DeferredEvent#absorb}). */
    private long absorbed;
    private boolean unsynced;

    volatile long written;
    volatile long lost;
    volatile long batches;
    volatile long syncs;
    volatile long storeErrors;

    WriterLoop(BatchRecorder recorder, ArrayBlockingQueue<QueueEntry> queue, java.util.Queue<QueueEntry> overflow,
               RecordingStore store, Masker masker,
               Durability durability, int batchSize, Duration syncInterval, Duration linger) {
        this.recorder = recorder;
        this.queue = queue;
        this.overflow = overflow;
        this.store = store;
        this.encoder = new EventEncoder(masker);
        this.descriptors = new DescriptorMasker(masker);
        this.durability = durability;
        this.batchSize = batchSize;
        this.batch = new ArrayList<>(batchSize);
        this.syncIntervalNanos = syncInterval.toNanos();
        this.lingerNanos = linger.toNanos();
        this.gatherLimit = Math.max(1, Math.min(batchSize, (queue.size() + queue.remainingCapacity()) / 2));
    }

    @Override
    public void run() {
        boolean stop = false;
        try {
            while (!stop) {
                queue.drainTo(batch, batchSize);
                if (batch.isEmpty() && overflow.isEmpty()) {
                    writeGapsOfIdleSessions();
                    syncIfDue();
                    awaitWork();
                    continue;
                }
                long started = System.nanoTime();
                stop = process();
                if (!stop && !queue.isEmpty()) {
                    gather(started + lingerNanos); // under load: group commit, one sync per linger
                }
            }
        } catch (InterruptedException e) {
            LOG.error("Witness writer interrupted; {} queued events are not stored", queue.size());
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("Witness writer failed unexpectedly; recording stops", e);
        } finally {
            closeStore();
        }
    }

    /**
     * Parks until a caller wakes it (or the idle timeout, for gaps and async syncs), then lingers
     * briefly so that the next batch holds more than the one event that woke it.
     *
     * <p>Why not {@code queue.poll(timeout)}: the queue's condition would make every offer into
     * an empty queue unpark this thread, a futex call on the caller's thread for each event when
     * the writer keeps up. Here the caller unparks only when it sees {@link #parked} (one wake per
     * batch) or when it must not wait ({@link #wakeNow}): sync durability, flush, stop, a full
     * queue. The caller offers then reads {@code parked}; this thread writes {@code parked} then
     * looks at the queue; both are volatile accesses, so one of the two sees the other.
     */
    private void awaitWork() throws InterruptedException {
        parked.set(true);
        if (queue.isEmpty() && overflow.isEmpty() && !urgent) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(pollTimeoutMillis()));
        }
        parked.set(false);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!queue.isEmpty()) {
            gather(System.nanoTime() + lingerNanos);
        }
        urgent = false;
    }

    /**
     * Lets events gather in the queue until {@code deadline}, so that one append and one sync
     * serve all of them (group commit): after a wake from idle, and under sustained load between
     * the starts of two batches. Ends early when a batch is full, when a caller waits for its entry
     * ({@link #wakeNow}: sync durability, flush, close, a full queue) or when the queue nears full.
     *
     * <p>It parks in slices and looks at the queue between them rather than have callers count
     * what they queued: a caller's offer stays one lock and no wake.
     */
    private void gather(long deadline) {
        long left;
        while (!urgent && (left = deadline - System.nanoTime()) > 0 && queue.size() < gatherLimit) {
            LockSupport.parkNanos(this, Math.min(left, GATHER_SLICE_NANOS));
        }
        urgent = false;
    }

    private long pollTimeoutMillis() {
        return durability == Durability.ASYNC && unsynced ? Math.max(1, syncIntervalNanos / 1_000_000) : 100;
    }

    /** Called by a caller thread that just enqueued: wakes this thread if it is parked with nothing to do. */
    void wake(Thread writerThread) {
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(writerThread);
        }
    }

    /** Called by a caller thread that needs its entry handled without the linger (it waits for it). */
    void wakeNow(Thread writerThread) {
        urgent = true;
        parked.set(false);
        LockSupport.unpark(writerThread);
    }

    /** Handles one drained batch; true if it held the STOP marker. */
    private boolean process() throws InterruptedException {
        boolean stop = false;
        boolean forceSync = durability != Durability.ASYNC;
        for (int i = 0, n = batch.size(); i < n; i++) {
            QueueEntry entry = batch.get(i);
            if (entry.control != null || entry.event instanceof SessionEnd) {
                // an overflowed event was submitted before this end or marker was processed: it goes first
                encodeOverflow();
            }
            if (entry.control != null) {
                waiters.add(entry.durable);
                forceSync = true;
                stop |= entry.control == QueueEntry.Control.STOP;
                continue;
            }
            if (entry.durable != null) {
                waiters.add(entry.durable);
            }
            if (entry.event instanceof DeferredEvent d && !entry.session.finished) {
                // events that share a line with this one, queued right behind it
                QueueEntry next;
                while (i + 1 < n && (next = batch.get(i + 1)).session == entry.session
                        && next.event instanceof DeferredEvent nd && absorbs(d, nd)) {
                    if (next.durable != null) {
                        waiters.add(next.durable);
                    }
                    absorbed++;
                    i++;
                }
            }
            encode(entry.session, entry.event);
        }
        batch.clear();
        encodeOverflow();
        writeGapsOfIdleSessions();
        if (!events.isEmpty() || !opened.isEmpty() || !closed.isEmpty()) {
            append();
        }
        if (forceSync || syncDue()) {
            sync();
        }
        completeAll(waiters);
        return stop;
    }

    private static boolean absorbs(DeferredEvent d, DeferredEvent next) {
        try {
            return d.absorb(next);
        } catch (RuntimeException e) {
            LOG.warn("Witness: an interceptor's events could not share a line ({}); each is written on its own",
                    e.getClass().getName());
            return false;
        }
    }

    /**
     * Encodes the events that found the queue full ({@code recordWithoutWaiting}): after the
     * batch they arrived behind, and before any session end or marker processed after them.
     */
    private void encodeOverflow() {
        for (QueueEntry e; (e = overflow.poll()) != null; ) {
            encode(e.session, e.event);
        }
    }

    private void encode(SessionState s, Object raw) {
        if (!s.opened) {
            s.opened = true;
            s.prevHash = encoder.genesis(s.descriptor().id());
            s.storedDescriptor = descriptors.mask(s.descriptor());
            opened.add(s.storedDescriptor);
        }
        if (s.finished) {
            lost++; // recorded after the end: cannot be chained any more
            return;
        }
        writePendingGap(s);
        Event event;
        try {
            event = raw instanceof DeferredEvent d ? d.toEvent() : (Event) raw;
        } catch (RuntimeException e) {
            LOG.warn("Witness: an interceptor's event could not be built ({}); a gap is recorded instead",
                    e.getClass().getName());
            event = new Gap(WitnessClock.nowMicros(), null, 1, "capture_failed");
        }
        if (!append(s, event)) {
            append(s, new Gap(event.timeMicros(), event.identity(), 1, "encode_failed"));
        }
        if (event instanceof SessionEnd) {
            s.finished = true;
            closed.add(s.storedDescriptor.end(Instant.ofEpochSecond(event.timeMicros() / 1_000_000,
                    (event.timeMicros() % 1_000_000) * 1000), s.nextSequence));
        }
    }

    private boolean append(SessionState s, Event event) {
        byte[] line;
        try {
            String sql = null;
            if (event instanceof Statement st) {
                s.lastCall = st.call();
                s.lastSql = st.sql();
            } else if (event instanceof Parameters p && p.call() == s.lastCall) {
                sql = s.lastSql;
            }
            line = encoder.encode(s.fields(), s.nextSequence, event, s.prevHash, sql);
        } catch (RuntimeException e) {
            // never log e's message: it may quote the value being masked
            LOG.warn("Witness: a {} event could not be encoded ({}); a gap is recorded instead",
                    event.type().wireName(), e.getClass().getName());
            return false;
        }
        events.add(new EncodedEvent(s.descriptor().id(), s.nextSequence, event.timeMicros(), line));
        s.nextSequence++;
        s.prevHash = encoder.lastHash();
        return true;
    }

    private void writePendingGap(SessionState s) {
        long n = s.dropped.getAndSet(0);
        if (n > 0) {
            append(s, new Gap(WitnessClock.nowMicros(), null, n, "queue_full"));
        }
    }

    /** Writes gaps for sessions that dropped events but have nothing else in this batch. */
    private void writeGapsOfIdleSessions() {
        int n = recorder.sessionsWithDrops.size();
        for (int i = 0; i < n; i++) {
            SessionState s = recorder.sessionsWithDrops.poll();
            if (s == null) {
                break;
            }
            if (!s.opened) {
                recorder.sessionsWithDrops.add(s); // its start is still queued: gap after it
            } else if (!s.finished) {
                writePendingGap(s);
            }
        }
    }

    private void append() throws InterruptedException {
        AppendBatch b = new AppendBatch(opened, events, closed);
        long backoff = 10;
        while (true) {
            try {
                store.append(b);
                break;
            } catch (RuntimeException e) {
                storeErrors++;
                LOG.error("Witness: store append of {} events failed, retrying in {} ms: {}", events.size(), backoff,
                        e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        written += events.size() + absorbed; // events, not lines: those that shared a line count too
        absorbed = 0;
        batches++;
        unsynced = true;
        opened.clear();
        events.clear();
        closed.clear();
    }

    private boolean syncDue() {
        return unsynced && System.nanoTime() - lastSyncNanos >= syncIntervalNanos;
    }

    private void syncIfDue() throws InterruptedException {
        if (syncDue()) {
            sync();
        }
    }

    private void sync() throws InterruptedException {
        if (!unsynced) {
            return;
        }
        long backoff = 10;
        while (true) {
            try {
                store.sync();
                break;
            } catch (RuntimeException e) {
                storeErrors++;
                LOG.error("Witness: store sync failed, retrying in {} ms: {}", backoff, e.toString());
                Thread.sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
        syncs++;
        unsynced = false;
        lastSyncNanos = System.nanoTime();
    }

    private static void completeAll(List<CompletableFuture<Void>> futures) {
        for (CompletableFuture<Void> f : futures) {
            f.complete(null);
        }
        futures.clear();
    }

    private void closeStore() {
        try {
            store.close();
        } catch (RuntimeException e) {
            LOG.error("Witness: closing the store failed", e);
        }
        for (QueueEntry e : queue) {
            if (e.durable != null) {
                e.durable.completeExceptionally(new IllegalStateException("recorder closed"));
            }
        }
    }
}
