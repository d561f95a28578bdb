package dev.witness.kafka;

import org.apache.kafka.common.KafkaException;

/**
 * A send refused by the guardrails policy before the producer saw the record: a deny rule
 * matched, or an approval was refused, timed out or failed (docs/guardrails.md). The send's
 * future fails with it and the callback receives it; the message names the rule. Not retriable:
 * sending the same record again is refused the same way unless the policy or the approver
 * changes.
 */
public final class WitnessDeniedSendException extends KafkaException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    public WitnessDeniedSendException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    /** The policy rule that refused the send ({@code default} when the policy's default did). */
    public String rule() {
        return rule;
    }
}
