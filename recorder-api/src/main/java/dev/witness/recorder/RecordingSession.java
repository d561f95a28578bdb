package dev.witness.recorder;

import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.internal.SessionState;
import dev.witness.recorder.internal.SessionSink;

/**
 * A handle on one open session. Thread-safe: many threads may record into one session (a
 * pooled connection used by many, or a scope spanning executors); their events keep the order
 * in which they were enqueued.
 */
public final class RecordingSession implements AutoCloseable {
    private final SessionState state;
    private final SessionSink sink;
    private final boolean ownsSession;

    /** Internal: created by the Recorder. */
    public RecordingSession(SessionState state, SessionSink sink, boolean ownsSession) {
        this.state = state;
        this.sink = sink;
        this.ownsSession = ownsSession;
    }

    /** The session id (sorts by start time). */
    public String id() {
        return state.descriptor().id();
    }

    public String source() {
        return state.descriptor().source();
    }

    public String target() {
        return state.descriptor().target();
    }

    /**
     * Records one event. Cheap: hands the reference to the Recorder's queue. Under
     * {@code witness.backpressure=block} this may wait for room, under {@code fail} it may throw
     * {@link RecordingRejectedException}, under {@code drop} it may drop (counted, and a gap
     * event is written into this session). With {@code witness.durability=sync} it returns once
     * the event is durable.
     */
    public void record(Event event) {
        sink.submit(state, event);
    }

    /** Records an event built later on the writer thread (see {@link DeferredEvent}). */
    public void record(DeferredEvent event) {
        sink.submit(state, event);
    }

    /**
     * Records an event built later on the writer thread, never waiting and never throwing for a
     * full queue: for threads that must not park, such as a Kafka producer's I/O thread in
     * {@code onAcknowledgement}. Under {@code block} and {@code fail} an event that finds the queue
     * full waits in an overflow list that the writer takes after its current batch (nothing is lost;
     * the overflow is bounded by what such threads produce, e.g. the acknowledgements of sends that
     * themselves went through the queue); under {@code drop} it is dropped and counted like any
     * other. Not durable-on-return, even with {@code witness.durability=sync}.
     */
    public void recordWithoutWaiting(DeferredEvent event) {
        sink.submitWithoutWaiting(state, event);
    }

    /** True once {@link #close()} ended the session. */
    public boolean isClosed() {
        return state.isEnded();
    }

    /**
     * Ends the session: records its {@code session_end} (never dropped, whatever the policy).
     * Idempotent. A session borrowed from a {@link RecordingContext} scope stays open.
     */
    @Override
    public void close() {
        if (ownsSession && state.markEnded()) {
            sink.submitEnd(state, new SessionEnd(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), 0, null));
        }
    }

    /** Internal: the writer-side state. */
    public SessionState state() {
        return state;
    }

    @Override
    public String toString() {
        return "RecordingSession[" + id() + " " + source() + " " + target() + "]";
    }
}
