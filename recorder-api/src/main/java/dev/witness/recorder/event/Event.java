package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * One recorded exchange or lifecycle fact. Every event is an immutable record created on the
 * application's thread (cheap: references and already-copied values only) and encoded, masked
 * and hashed later on the Recorder's writer thread.
 *
 * <p>The encoding of each type is the public JSON Lines format documented in docs/format.md.
 */
public sealed interface Event permits SessionStart, SessionEnd, Statement, Parameters, Result, UpdateCount,
        Transaction, Failure, Produce, Acknowledgement, Consume, OffsetCommit, Approval, Denial, Gap {

    /** When the event happened, in microseconds since the epoch (see {@link dev.witness.recorder.WitnessClock}). */
    long timeMicros();

    /** The identity current on the thread that caused the event, or {@code null} if none was set. */
    Identity identity();

    /** The event's type, which names it in the stored format. */
    EventType type();

    /**
     * The separate events this one stands for: itself, except a {@link Statement} that carries
     * its parameters, counts or result on the same line ({@link Statement#parts()}) and an
     * {@link Acknowledgement} line that carries several records' ({@link Acknowledgement#parts()}).
     */
    default java.util.List<Event> parts() {
        return java.util.List.of(this);
    }
}
