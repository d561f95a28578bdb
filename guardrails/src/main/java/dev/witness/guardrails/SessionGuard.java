package dev.witness.guardrails;

import dev.witness.guardrails.internal.Fingerprints;
import dev.witness.guardrails.internal.PolicyRule;
import dev.witness.guardrails.internal.SqlFacts;
import dev.witness.masking.MaskedField;
import dev.witness.recorder.Identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The policy as it applies to one session's source and target (filtered once, when the session
 * opens): checks each statement or send on the calling thread. Rules are tried in file order;
 * the first whose conditions all hold decides; if none does, the policy's default does.
 *
 * <p>Cheap for calls no rule matches: identity conditions first, then the SQL classification
 * (one cache look-up) only if a remaining rule looks at classes or tables. Thread-safe.
 */
public final class SessionGuard {
    private final Guard guard;
    private final String source;
    private final String target;
    private final PolicyRule[] sqlRules;
    private final PolicyRule[] kafkaRules;
    private final Action defaultAction;

    SessionGuard(Guard guard, String source, String target, PolicyRule[] sqlRules, PolicyRule[] kafkaRules,
                 Action defaultAction) {
        this.guard = guard;
        this.source = source;
        this.target = target;
        this.sqlRules = sqlRules;
        this.kafkaRules = kafkaRules;
        this.defaultAction = defaultAction;
    }

    public String source() {
        return source;
    }

    public String target() {
        return target;
    }

    /** The rule that decides {@code sql} for {@code identity}, or {@code null} for the default. */
    private PolicyRule matchSql(Identity identity, String sql) {
        SqlFacts facts = null;
        for (PolicyRule r : sqlRules) {
            if (!r.matchesIdentity(identity)) {
                continue;
            }
            if (r.hasSql()) {
                if (facts == null && r.needsFacts()) {
                    facts = guard.classifier.classify(sql);
                }
                if (!r.matchesSql(sql == null ? "" : sql, facts)) {
                    continue;
                }
            }
            return r;
        }
        return null;
    }

    private Action action(PolicyRule r) {
        return r == null ? defaultAction : r.action();
    }

    private static String name(PolicyRule r) {
        return r == null ? Guard.DEFAULT_RULE : r.name();
    }

    private static Verdict deny(PolicyRule r) {
        String msg = "Witness guardrails: denied by rule '" + name(r) + "'"
                + (r != null && r.message() != null ? ": " + r.message() : "");
        return Verdict.denied(name(r), msg);
    }

    /**
     * Decides one statement: {@link Verdict#ALLOWED}, a denial naming the rule, or the outcome
     * of an approval asked on this thread (waits at most {@code witness.approval.timeout}).
     */
    public Verdict checkSql(Identity identity, String sql) {
        PolicyRule r = matchSql(identity, sql);
        Action a = action(r);
        if (a == Action.ALLOW) {
            return Verdict.ALLOWED;
        }
        if (a == Action.DENY) {
            return deny(r);
        }
        return approveSql(r, identity, List.of(sql));
    }

    /**
     * Decides the statements of a batch together: denied if any is denied; otherwise one
     * approval for the whole batch if any needs one (the first such rule is named).
     */
    public Verdict checkSql(Identity identity, List<String> statements) {
        PolicyRule approving = null;
        boolean approve = false;
        for (String sql : statements) {
            PolicyRule r = matchSql(identity, sql);
            Action a = action(r);
            if (a == Action.DENY) {
                return deny(r);
            }
            if (a == Action.APPROVE && !approve) {
                approve = true;
                approving = r;
            }
        }
        return approve ? approveSql(approving, identity, statements) : Verdict.ALLOWED;
    }

    /**
     * Only the deny rules, for a statement handed to the driver before it runs (addBatch): a
     * denied one is refused at once; approval waits for the execution.
     */
    public Verdict screenSql(Identity identity, String sql) {
        PolicyRule r = matchSql(identity, sql);
        return action(r) == Action.DENY ? deny(r) : Verdict.ALLOWED;
    }

    private Verdict approveSql(PolicyRule r, Identity identity, List<String> statements) {
        String fingerprint = Fingerprints.statements(statements);
        return guard.approve(name(r), principal(identity), target, fingerprint, () -> {
            Set<String> classes = new LinkedHashSet<>();
            Set<String> tables = new LinkedHashSet<>();
            List<String> masked = new ArrayList<>(statements.size());
            MaskedField field = new MaskedField(MaskedField.Kind.SQL_TEXT, source, target, null, null, 0);
            for (String sql : statements) {
                SqlFacts f = guard.classifier.classify(sql);
                classes.addAll(f.classNames());
                tables.addAll(f.tables());
                masked.add(guard.masker.mask(field, sql));
            }
            return request(name(r), "sql", identity, String.join(";\n", masked), List.copyOf(classes),
                    List.copyOf(tables), null, fingerprint);
        });
    }

    /**
     * Decides one send. {@code key} and {@code value} are the record's objects before
     * serialization; only the fingerprint reads the value, and the request carries the masked key
     * as text, never the value.
     */
    public Verdict checkSend(Identity identity, String topic, Integer partition, Object key, Object value,
                             List<String> headerNames) {
        PolicyRule match = null;
        for (PolicyRule r : kafkaRules) {
            if (r.matchesIdentity(identity) && (!r.hasKafka() || r.matchesTopic(topic))) {
                match = r;
                break;
            }
        }
        Action a = action(match);
        if (a == Action.ALLOW) {
            return Verdict.ALLOWED;
        }
        if (a == Action.DENY) {
            return deny(match);
        }
        String rule = name(match);
        String fingerprint = Fingerprints.record(topic, partition, key, value);
        return guard.approve(rule, principal(identity), target, fingerprint, () -> {
            MaskedField field = new MaskedField(MaskedField.Kind.KAFKA_KEY, source, topic, null, null, 0);
            String keyText = key == null ? null : guard.masker.mask(field, text(key));
            return request(rule, "kafka", identity, null, List.of(), List.of(),
                    new ApprovalRequest.RecordSummary(topic, partition, keyText, headerNames), fingerprint);
        });
    }

    private static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return new String(out, StandardCharsets.UTF_8);
        }
        return o.toString();
    }

    private static String principal(Identity identity) {
        return identity == null ? null : identity.principal();
    }

    private ApprovalRequest request(String rule, String kind, Identity identity, String statement,
                                    List<String> classes, List<String> tables, ApprovalRequest.RecordSummary record,
                                    String fingerprint) {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (identity != null) {
            for (Map.Entry<String, String> e : identity.attributes().entrySet()) {
                attributes.put(e.getKey(), guard.masker.mask(new MaskedField(MaskedField.Kind.ATTRIBUTE, source, target,
                        null, e.getKey(), 0), e.getValue()));
            }
        }
        return new ApprovalRequest(UUID.randomUUID().toString(), System.currentTimeMillis(), rule, kind, source, target,
                principal(identity), attributes, attributes.get("reason"), attributes.get("ticket"), statement, classes,
                tables, record, fingerprint);
    }
}
