package dev.witness.recorder.internal;

import dev.witness.masking.Masker;
import dev.witness.recorder.Backpressure;
import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Durability;
import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecorderStats;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingRejectedException;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionId;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.event.SessionStart;
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
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Recorder: a bounded queue in front of one writer thread, after OpenTelemetry's
 * BatchSpanProcessor.
 *
 * <p>Caller threads ({@link #submit}) allocate one small {@link QueueEntry} and offer it to an
 * {@link ArrayBlockingQueue} (no per-offer node allocation, one lock). When the queue is full the
 * backpressure policy decides: wait, drop (counted per session; the writer turns the count into
 * a gap event), or refuse. Session start and end always wait for room, so a session is never
 * left without its ends.
 *
 * <p>The {@link WriterLoop} owns everything else: masking, encoding, hashing, store I/O. It never
 * dies of a failing store or a failing event; see its comment.
 *
 * <p>Shutdown is idempotent: a STOP marker is enqueued behind everything, the writer drains,
 * syncs, closes the store and exits; {@link #close()} waits up to {@code witness.shutdown.timeout}.
 * A JVM shutdown hook does the same for Recorders the application forgot to close.
 */
public final class BatchRecorder implements Recorder, SessionSink {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRecorder.class);

    private final WitnessConfig config;
    private final Backpressure backpressure;
    private final Durability durability;
    private final Duration shutdownTimeout;
    private final ArrayBlockingQueue<QueueEntry> queue;
    /** Events of {@link #submitWithoutWaiting} that found the queue full; the writer takes them after each batch. */
    final ConcurrentLinkedQueue<QueueEntry> overflow = new ConcurrentLinkedQueue<>();
    /** Sessions whose dropped counter went from 0 to 1 since the writer last looked. */
    final ConcurrentLinkedQueue<SessionState> sessionsWithDrops = new ConcurrentLinkedQueue<>();
    private final WriterLoop writer;
    private final Thread writerThread;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String application;
    private final String host = Host.NAME;
    private final long pid = ProcessHandle.current().pid();

    final LongAdder enqueued = new LongAdder();
    final LongAdder dropped = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder lost = new LongAdder();
    private final AtomicBoolean warnedAfterClose = new AtomicBoolean();

    private BatchRecorder(WitnessConfig config, RecordingStore store, Masker masker) {
        this.config = config;
        this.backpressure = config.get(CoreKeys.BACKPRESSURE);
        this.durability = config.get(CoreKeys.DURABILITY);
        this.shutdownTimeout = config.get(CoreKeys.SHUTDOWN_TIMEOUT);
        this.application = config.get(CoreKeys.APPLICATION);
        this.queue = new ArrayBlockingQueue<>(config.get(CoreKeys.QUEUE_CAPACITY));
        this.writer = new WriterLoop(this, queue, overflow, store, masker, durability, config.get(CoreKeys.BATCH_SIZE),
                config.get(CoreKeys.DURABILITY_INTERVAL), config.get(CoreKeys.BATCH_LINGER));
        this.writerThread = new Thread(writer, "witness-writer");
        writerThread.setDaemon(true); // the shutdown hook, not this thread, keeps the data
        this.shutdownHook = new Thread(this::closeFromHook, "witness-shutdown");
    }

    /**
     * Opens the store (unless given) and the masker (unless given) and starts the writer.
     */
    public static BatchRecorder start(WitnessConfig config, RecordingStore store, Masker masker) {
        RecordingStore s = store != null ? store : StoreOpener.open(config);
        Masker m;
        try {
            m = masker != null ? masker : MaskerLoader.load(config);
        } catch (RuntimeException e) {
            if (store == null) {
                s.close();
            }
            throw e;
        }
        BatchRecorder recorder = new BatchRecorder(config, s, m);
        recorder.writerThread.start();
        Runtime.getRuntime().addShutdownHook(recorder.shutdownHook);
        return recorder;
    }

    @Override
    public RecordingSession openSession(SessionSpec spec) {
        SessionScope scope = RecordingContext.currentScope();
        if (scope != null) {
            return scope.sessionFor(this, spec);
        }
        return openOwnedSession(spec);
    }

    RecordingSession openOwnedSession(SessionSpec spec) {
        Identity identity = spec.identity() != null ? spec.identity() : RecordingContext.currentIdentity();
        long now = WitnessClock.nowMicros();
        SessionDescriptor descriptor = new SessionDescriptor(SessionId.next(), spec.source(), spec.target(),
                identity == null ? null : identity.principal(), application, host, pid,
                Instant.ofEpochSecond(now / 1_000_000, (now % 1_000_000) * 1000), null, 0,
                mergedAttributes(identity, spec));
        SessionState state = new SessionState(descriptor);
        CompletableFuture<Void> durable = durableFutureOrNull();
        enqueueWaiting(new QueueEntry(state, new SessionStart(now, identity, spec.source(), spec.target(),
                application, host, pid), durable), durable != null);
        return new RecordingSession(state, this, true);
    }

    private static java.util.Map<String, String> mergedAttributes(Identity identity, SessionSpec spec) {
        if (identity == null || identity.attributes().isEmpty()) {
            return spec.attributes();
        }
        java.util.Map<String, String> all = new java.util.HashMap<>(identity.attributes());
        all.putAll(spec.attributes());
        return all;
    }

    @Override
    public void submit(SessionState session, Object event) {
        if (closed.get() || session.isEnded()) {
            notQueued(event);
            recordAfterClose();
            return;
        }
        if (event instanceof SessionEnd end) {
            submitEnd(session, end);
            return;
        }
        CompletableFuture<Void> durable = durableFutureOrNull();
        QueueEntry entry = new QueueEntry(session, event, durable);
        switch (backpressure) {
            case BLOCK:
                enqueueWaiting(entry, durable != null);
                break;
            case DROP:
                if (queue.offer(entry)) {
                    enqueued.increment();
                    signal(durable != null);
                } else {
                    notQueued(event);
                    dropped.increment();
                    if (session.dropped.getAndIncrement() == 0) {
                        sessionsWithDrops.add(session);
                    }
                    return;
                }
                break;
            case FAIL:
                if (queue.offer(entry)) {
                    enqueued.increment();
                    signal(durable != null);
                } else {
                    notQueued(event);
                    rejected.increment();
                    throw new RecordingRejectedException("Witness refused the call: the recording queue is full ("
                            + queue.size() + " events waiting, witness.queue.capacity=" + (queue.size()
                            + queue.remainingCapacity()) + ") and witness.backpressure=fail, so it would have run"
                            + " unrecorded");
                }
                break;
            default:
                throw new IllegalStateException("unknown backpressure " + backpressure);
        }
        if (durable != null) {
            awaitDurable(durable);
        }
    }

    @Override
    public void submitWithoutWaiting(SessionState session, Object event) {
        if (closed.get() || session.isEnded()) {
            notQueued(event);
            recordAfterClose();
            return;
        }
        QueueEntry entry = new QueueEntry(session, event, null);
        if (queue.offer(entry)) {
            enqueued.increment();
            writer.wake(writerThread);
        } else if (backpressure == Backpressure.DROP) {
            notQueued(event);
            dropped.increment();
            if (session.dropped.getAndIncrement() == 0) {
                sessionsWithDrops.add(session);
            }
        } else {
            overflow.add(entry);
            enqueued.increment();
            writer.wakeNow(writerThread); // never parks this thread; the queue is full, so the writer is busy anyway
        }
    }

    @Override
    public void submitEnd(SessionState session, SessionEnd end) {
        if (closed.get()) {
            recordAfterClose();
            return;
        }
        CompletableFuture<Void> durable = durableFutureOrNull();
        enqueueWaiting(new QueueEntry(session, end, durable), durable != null);
        if (durable != null) {
            awaitDurable(durable);
        }
    }

    private CompletableFuture<Void> durableFutureOrNull() {
        return durability == Durability.SYNC ? new CompletableFuture<>() : null;
    }

    private static void notQueued(Object event) {
        if (event instanceof DeferredEvent d) {
            d.notQueued();
        }
    }

    /** Wakes the writer after an offer: at once if the caller will wait for the entry, else only if it is parked. */
    private void signal(boolean callerWaits) {
        if (callerWaits) {
            writer.wakeNow(writerThread);
        } else {
            writer.wake(writerThread);
        }
    }

    /**
     * Waits for room, ignoring interrupts until the entry is in (then restores the flag): nothing
     * is lost. {@code callerWaits}: the caller then waits for the entry to be handled.
     */
    private void enqueueWaiting(QueueEntry entry, boolean callerWaits) {
        if (queue.offer(entry)) {
            enqueued.increment();
            signal(callerWaits);
            return;
        }
        writer.wakeNow(writerThread); // the queue is full: no lingering while this caller waits
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(entry);
                    enqueued.increment();
                    signal(callerWaits);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RecordingRejectedException("Witness could not make the event durable within "
                    + shutdownTimeout + " (witness.durability=sync): the store is not keeping up or failing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new RecordingRejectedException("Witness could not make the event durable: " + e.getCause());
        }
    }

    private void recordAfterClose() {
        lost.increment();
        if (warnedAfterClose.compareAndSet(false, true)) {
            LOG.warn("Witness: events recorded after their session or the Recorder for {} was closed are not stored"
                    + " (counted as lost)",
                    config.get(CoreKeys.STORE));
        }
    }

    @Override
    public boolean flush() {
        if (closed.get()) {
            return writerThread.isAlive() ? awaitStop() : true;
        }
        QueueEntry marker = QueueEntry.control(QueueEntry.Control.FLUSH);
        enqueueWaiting(marker, true);
        enqueued.decrement(); // a marker is not an event
        try {
            marker.durable.get(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public RecorderStats stats() {
        return new RecorderStats(enqueued.sum(), writer.written, dropped.sum(), rejected.sum(),
                lost.sum() + writer.lost, writer.batches, writer.syncs, writer.storeErrors, queue.size());
    }

    @Override
    public WitnessConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!stop()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
    }

    private void closeFromHook() {
        if (stop()) {
            LOG.info("Witness: flushed recordings at JVM shutdown ({})", stats());
        }
    }

    /** Enqueues STOP once and waits for the writer; true for the caller that stopped it. */
    private boolean stop() {
        if (!closed.compareAndSet(false, true)) {
            awaitStop();
            return false;
        }
        QueueEntry stop = QueueEntry.control(QueueEntry.Control.STOP);
        enqueueWaiting(stop, true);
        enqueued.decrement();
        if (!awaitStop()) {
            LOG.error("Witness: the writer for {} did not finish within {} (witness.shutdown.timeout); {} events"
                    + " still queued are lost", config.get(CoreKeys.STORE), shutdownTimeout, queue.size());
        }
        SharedRecorders.forget(this);
        return true;
    }

    private boolean awaitStop() {
        try {
            writerThread.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !writerThread.isAlive();
    }

    @Override
    public String toString() {
        return "Recorder[" + config.get(CoreKeys.STORE) + "]";
    }
}
