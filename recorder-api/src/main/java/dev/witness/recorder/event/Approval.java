package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * An approval asked of an external service and its decision.
 *
 * @param call          correlates with the statement or send it was asked for
 * @param requestId     the approval request id
 * @param rule          the policy rule that asked for approval
 * @param decision      {@code approved}, {@code denied}, {@code timeout}, {@code error}
 * @param approver      who decided, or {@code null}
 * @param latencyMillis how long the answer took
 * @param reason        the reason or ticket given, or {@code null}
 */
public record Approval(long timeMicros, Identity identity, long call, String requestId, String rule, String decision,
                       String approver, long latencyMillis, String reason) implements Event {
    @Override
    public EventType type() {
        return EventType.APPROVAL;
    }
}
