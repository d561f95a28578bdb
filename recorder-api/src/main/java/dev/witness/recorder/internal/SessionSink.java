package dev.witness.recorder.internal;

import dev.witness.recorder.event.SessionEnd;

/** Where a {@link dev.witness.recorder.RecordingSession} hands its events: the Recorder's queue. */
public interface SessionSink {
    /** Enqueues an {@code Event} or {@code DeferredEvent} per the backpressure policy. */
    void submit(SessionState session, Object event);

    /** Enqueues a session's end; waits for room whatever the policy, so that an end is never dropped. */
    void submitEnd(SessionState session, SessionEnd end);
}
