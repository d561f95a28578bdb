package dev.witness.kafka.internal;

import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingRejectedException;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Gap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One Kafka client's recording: a lease on the shared Recorder of its store and the session that
 * lasts from the interceptor's {@code configure} to its {@code close}. Events captured while a
 * {@link RecordingContext} session scope is active on the capturing thread go to that scope's
 * session instead.
 *
 * <p>Threading: {@link #record} is called from the application's threads and the producer's I/O
 * thread; it only hands a {@link DeferredEvent} to the Recorder. It never throws: a failure (the
 * {@code fail} backpressure policy refusing an event, or anything else) is counted, logged once
 * per client with a clear message, and written into the session as a {@link Gap} as soon as the
 * Recorder takes events again (at the latest when the client closes). The Kafka client would
 * swallow an exception anyway, but the interceptor must not even alter the record or callback.
 */
public final class ClientSession {
    /** Gap reason when the Recorder refused events ({@code witness.backpressure=fail}, queue full). */
    public static final String REJECTED = "rejected";
    /** Gap reason when capturing failed inside Witness. */
    public static final String CAPTURE_FAILED = "capture_failed";
    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final long CLOSE_GAP_RETRY_MILLIS = 2_000;

    private final Recorder recorder;
    private final SessionSpec spec;
    private final RecordingSession session;
    private final String client;
    private final LongAdder failures = new LongAdder();
    private final AtomicLong pendingRejected = new AtomicLong();
    private final AtomicLong pendingFailed = new AtomicLong();
    private final AtomicBoolean logged = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ClientSession(Recorder recorder, SessionSpec spec, String client) {
        this.recorder = recorder;
        this.spec = spec;
        this.client = client;
        RecordingSession opened;
        try {
            opened = recorder.openSession(spec);
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
        this.session = opened;
    }

    /**
     * Leases the shared Recorder of {@code config}'s store and opens the client's session.
     * Configuration errors propagate: a client with a bad {@code witness.*} key fails at start-up.
     */
    public static ClientSession open(WitnessConfig config, String source, String target,
                                     Map<String, String> attributes, String client) {
        Recorder recorder = Recorder.shared(config);
        return new ClientSession(recorder, new SessionSpec(source, target, null, attributes), client);
    }

    /** The Recorder lease (its configuration, stats and flush). */
    public Recorder recorder() {
        return recorder;
    }

    /** The session this client's events go to when no scope is active. */
    public RecordingSession session() {
        return session;
    }

    /** The session for an event captured on this thread now: the active scope's, else the client's. */
    public RecordingSession current() {
        return RecordingContext.currentScope() == null ? session : recorder.openSession(spec);
    }

    /** Hands {@code event} to the client's (or the active scope's) session; never throws. */
    public void record(DeferredEvent event) {
        record(current(), event);
    }

    /** Hands {@code event} to {@code target}; never throws. */
    public void record(RecordingSession target, DeferredEvent event) {
        try {
            if (pendingRejected.get() != 0 || pendingFailed.get() != 0) {
                writePendingGaps(target);
            }
            target.record(event);
        } catch (RuntimeException e) {
            failed("event", e);
        }
    }

    /**
     * Hands {@code event} to {@code target} without ever waiting for room in the Recorder's queue
     * (for the producer's I/O thread); never throws.
     */
    public void recordWithoutWaiting(RecordingSession target, DeferredEvent event) {
        try {
            // pending gaps are written by the next record() on a caller thread, or at close
            target.recordWithoutWaiting(event);
        } catch (RuntimeException e) {
            failed("event", e);
        }
    }

    /**
     * Counts a failure inside Witness, logs the first one of this client, and queues a gap for it.
     * Safe to call from any thread; never throws.
     */
    public void failed(String what, Throwable t) {
        failures.increment();
        boolean rejected = t instanceof RecordingRejectedException;
        (rejected ? pendingRejected : pendingFailed).incrementAndGet();
        if (logged.compareAndSet(false, true)) {
            if (rejected) {
                LOG.warn("Witness: the Recorder refused to record a Kafka {} of {} ({}). The client is not affected;"
                        + " every such event is counted and leaves a gap event in the session. Logged once per client.",
                        what, client, t.getMessage());
            } else {
                // the class only: a message may quote a record's value
                LOG.warn("Witness: recording a Kafka {} of {} failed ({}). The client is not affected; every such"
                        + " failure is counted and leaves a gap event in the session. Logged once per client.",
                        what, client, t.getClass().getName());
                LOG.debug("Witness: first capture failure of {}", client, t);
            }
        }
    }

    /** Failures inside Witness since the client started (events not recorded). */
    public long failures() {
        return failures.sum();
    }

    private void writePendingGaps(RecordingSession target) {
        writePendingGap(target, pendingRejected, REJECTED);
        writePendingGap(target, pendingFailed, CAPTURE_FAILED);
    }

    private static void writePendingGap(RecordingSession target, AtomicLong pending, String reason) {
        long n = pending.getAndSet(0);
        if (n == 0) {
            return;
        }
        try {
            target.record(new Gap(WitnessClock.nowMicros(), null, n, reason));
        } catch (RuntimeException e) {
            pending.addAndGet(n);
            throw e;
        }
    }

    /**
     * Writes the gaps still owed, ends the session and releases the Recorder lease. Idempotent.
     * A gap refused by a full queue is retried for a short while, since the end of the session
     * would otherwise hide it.
     */
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            long deadline = System.nanoTime() + CLOSE_GAP_RETRY_MILLIS * 1_000_000;
            while (pendingRejected.get() != 0 || pendingFailed.get() != 0) {
                try {
                    writePendingGaps(session);
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline || !sleepBriefly()) {
                        LOG.warn("Witness: {} events of {} were not recorded and the gap event saying so could not"
                                + " be written either ({})", pendingRejected.get() + pendingFailed.get(), client,
                                e.getClass().getName());
                        break;
                    }
                }
            }
            session.close();
        } catch (RuntimeException e) {
            LOG.warn("Witness: ending the session of {} failed ({})", client, e.toString());
        } finally {
            recorder.close();
        }
    }

    /** False if interrupted: then close() stops retrying (the count is in the Recorder's stats). */
    private static boolean sleepBriefly() {
        try {
            Thread.sleep(10);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + client + " " + session + "]";
    }
}
