package dev.witness.recorder;

/** What a caller does when the Recorder's queue is full ({@code witness.backpressure}). */
public enum Backpressure {
    /** Wait for room: nothing is lost, the application slows down to the store's pace. The default. */
    BLOCK,
    /** Drop the event, count it, and write a gap event with the count into the session. */
    DROP,
    /** Refuse the call with {@link RecordingRejectedException}: no recording, no access. */
    FAIL
}
