package dev.witness.recorder.internal;

import dev.witness.recorder.event.SessionEnd;

/** Where a {@link dev.witness.recorder.RecordingSession} hands its events: the Recorder's queue. */
public interface SessionSink {
    /** Enqueues an {@code Event} or {@code DeferredEvent} per the backpressure policy. */
    void submit(SessionState session, Object event);

    /**
     * Enqueues an event without ever waiting: for threads that must not park (Kafka's I/O thread).
     * When the queue is full the event goes to an overflow the writer drains after its next batch
     * ({@code block}, {@code fail}), or is dropped and counted ({@code drop}).
     */
    void submitWithoutWaiting(SessionState session, Object event);

    /** Enqueues a session's end; waits for room whatever the policy, so that an end is never dropped. */
    void submitEnd(SessionState session, SessionEnd end);
}
