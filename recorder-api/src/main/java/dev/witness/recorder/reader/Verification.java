package dev.witness.recorder.reader;

/**
 * The outcome of verifying one session's hash chain.
 *
 * @param sessionId the session
 * @param status    OK, OPEN (valid so far, no end yet) or a problem
 * @param events    how many stored events were read
 * @param badIndex  0-based position of the first bad event, or -1
 * @param detail    a sentence for people: what is wrong and where
 */
public record Verification(String sessionId, Status status, long events, long badIndex, String detail) {

    /** True if the chain verified (a session still open verifies up to its tail). */
    public boolean ok() {
        return status == Status.OK || status == Status.OPEN;
    }

    /** What verification found. */
    public enum Status {
        /** Closed and intact. */
        OK,
        /** Intact so far; the session has not ended (or its end has not been written yet). */
        OPEN,
        /** An event's bytes do not match its hash, or it is not a valid event line. */
        CHANGED,
        /** An event that does not belong in the chain. */
        INSERTED,
        /** Events are missing from the chain. */
        DELETED,
        /** Events are in the wrong order. */
        REORDERED,
        /** The tail of a closed session is missing (its end and possibly more). */
        TRUNCATED
    }

    @Override
    public String toString() {
        return sessionId + ": " + status + (detail == null ? "" : " - " + detail);
    }
}
