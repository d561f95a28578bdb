package dev.witness.guardrails;

import java.time.Duration;

/**
 * The approval SPI: asks someone (a person in a chat tool, a ticket system, a rules engine)
 * whether a call may run. {@link HttpApprovalService} is the built-in implementation.
 *
 * <p>Contract: {@link #request} returns within {@code timeout} (plus scheduling slack) and never
 * throws for a failed exchange; it returns {@link ApprovalDecision.Outcome#TIMEOUT} or
 * {@link ApprovalDecision.Outcome#ERROR} instead. It is called on the application's thread,
 * which waits; implementations must be thread-safe and must not start a thread per request.
 */
public interface ApprovalService extends AutoCloseable {

    /**
     * Asks for approval and waits at most {@code timeout} for the decision.
     *
     * @throws InterruptedException if the calling thread is interrupted while waiting
     */
    ApprovalDecision request(ApprovalRequest request, Duration timeout) throws InterruptedException;

    /** Releases connections and threads. Idempotent. */
    @Override
    default void close() {
    }
}
