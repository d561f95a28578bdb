package dev.witness.guardrails;

import java.util.List;
import java.util.Map;

/**
 * What the approval service is asked. Every free-text value is already masked by the masking
 * rules (invariant 1): the statement text, the record key, the identity's attributes, the reason
 * and the ticket. Immutable.
 *
 * @param requestId   random, unique; the answer must repeat it
 * @param timeMillis  when the call was made
 * @param rule        the policy rule that asked for approval
 * @param kind        {@code sql} or {@code kafka}
 * @param source      {@code jdbc}, {@code kafka-producer}
 * @param target      the session target (URL without credentials, or {@code kafka://<bootstrap>})
 * @param principal   the identity's principal, or {@code null} when none was set
 * @param attributes  the identity's attributes, masked
 * @param reason      the identity's {@code reason} attribute, masked, or {@code null}
 * @param ticket      the identity's {@code ticket} attribute, masked, or {@code null}
 * @param statement   the masked SQL text (statements of a batch joined by {@code ;\n}), or {@code null}
 * @param classes     the SQL classes found, in policy spelling
 * @param tables      the tables the SQL names
 * @param record      for a send: topic, partition, masked key, header names; else {@code null}
 * @param fingerprint {@code sha256:<hex>} of the exact statement text or record (before masking)
 */
public record ApprovalRequest(String requestId, long timeMillis, String rule, String kind, String source,
                              String target, String principal, Map<String, String> attributes, String reason,
                              String ticket, String statement, List<String> classes, List<String> tables,
                              RecordSummary record, String fingerprint) {

    public ApprovalRequest {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        classes = classes == null ? List.of() : List.copyOf(classes);
        tables = tables == null ? List.of() : List.copyOf(tables);
    }

    /** A Kafka record, summarized: never its value. */
    public record RecordSummary(String topic, Integer partition, String key, List<String> headers) {
        public RecordSummary {
            headers = headers == null ? List.of() : List.copyOf(headers);
        }
    }
}
