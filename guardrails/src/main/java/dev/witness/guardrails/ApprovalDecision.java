package dev.witness.guardrails;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The answer to an {@link ApprovalRequest}. Services never throw for a failed exchange: they
 * return {@link Outcome#TIMEOUT} or {@link Outcome#ERROR} with a detail, and the guard fails
 * closed (or open, when configured so).
 *
 * @param outcome  what was decided
 * @param approver who decided, or {@code null}
 * @param reason   the approver's comment, or {@code null}
 * @param scope    what a grant covers
 * @param ttl      how long a grant is reused ({@link Duration#ZERO}: this call only, and calls
 *                 waiting for the same request at the same time)
 * @param detail   why a TIMEOUT or ERROR happened, for the message and the log; never holds values
 */
public record ApprovalDecision(Outcome outcome, String approver, String reason, Scope scope, Duration ttl,
                               String detail) {

    public ApprovalDecision {
        Objects.requireNonNull(outcome, "outcome");
        scope = scope == null ? Scope.STATEMENT : scope;
        ttl = ttl == null || ttl.isNegative() ? Duration.ZERO : ttl;
    }

    public static ApprovalDecision approved(String approver, String reason, Scope scope, Duration ttl) {
        return new ApprovalDecision(Outcome.APPROVED, approver, reason, scope, ttl, null);
    }

    public static ApprovalDecision denied(String approver, String reason) {
        return new ApprovalDecision(Outcome.DENIED, approver, reason, Scope.STATEMENT, Duration.ZERO, null);
    }

    public static ApprovalDecision timeout(String detail) {
        return new ApprovalDecision(Outcome.TIMEOUT, null, null, Scope.STATEMENT, Duration.ZERO, detail);
    }

    public static ApprovalDecision error(String detail) {
        return new ApprovalDecision(Outcome.ERROR, null, null, Scope.STATEMENT, Duration.ZERO, detail);
    }

    /** What was decided; {@link #eventName()} is the spelling in the recorded {@code approval} event. */
    public enum Outcome {
        APPROVED, DENIED, TIMEOUT, ERROR;

        public String eventName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a grant covers while its ttl lasts. */
    public enum Scope {
        /** The exact statement text (or record), for the same identity and target. */
        STATEMENT,
        /** Every call of the same identity on the same target that a rule sends for approval. */
        WINDOW
    }
}
