package dev.witness.guardrails;

import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Approval;
import dev.witness.recorder.event.Denial;
import dev.witness.recorder.event.Event;

import java.util.ArrayList;
import java.util.List;

/**
 * The guard's answer for one statement or send: run it or not, and the approval asked on the way.
 * Immutable; {@link #ALLOWED} (no rule matched, or an allow rule did) allocates nothing.
 *
 * @param allowed       whether the call may run
 * @param rule          the rule that decided, or {@code null} when none matched
 * @param message       for a refused call, the text of the exception the application gets (names the rule)
 * @param approval      the approval decision, when a rule asked for one (a reused grant included)
 * @param requestId     the approval request id (the original request's for a reused grant)
 * @param latencyMillis how long the approval took (0 for a reused grant)
 */
public record Verdict(boolean allowed, String rule, String message, ApprovalDecision approval, String requestId,
                      long latencyMillis) {

    /** Runs: nothing to record. */
    public static final Verdict ALLOWED = new Verdict(true, null, null, null, null, 0);

    static Verdict denied(String rule, String message) {
        return new Verdict(false, rule, message, null, null, 0);
    }

    /**
     * Records what happened into {@code session}: an {@code approval} event when one was asked
     * (or a grant reused), then a {@code denial} event when the call is refused. Both carry
     * {@code call}, the id of the statement or send. Values are masked by the Recorder's writer.
     */
    public void record(RecordingSession session, long call, Identity identity) {
        for (Event e : events(call, identity)) {
            session.record(e);
        }
    }

    /** The events {@link #record} writes, for callers that hand events to the Recorder their own way. */
    public List<Event> events(long call, Identity identity) {
        if (approval == null && allowed) {
            return List.of();
        }
        long micros = WitnessClock.nowMicros();
        List<Event> out = new ArrayList<>(2);
        if (approval != null) {
            String reason = approval.reason() != null ? approval.reason() : approval.detail();
            out.add(new Approval(micros, identity, call, requestId, rule, approval.outcome().eventName(),
                    approval.approver(), latencyMillis, reason));
        }
        if (!allowed) {
            out.add(new Denial(micros, identity, call, rule, message));
        }
        return out;
    }
}
