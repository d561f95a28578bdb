package dev.witness.guardrails.internal;

import dev.witness.guardrails.Action;
import dev.witness.recorder.Identity;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One compiled policy rule. Every condition given must hold (a list holds when any entry does);
 * a rule with {@code sql} conditions applies to statements only, one with {@code kafka}
 * conditions to sends only, one with neither to both. Immutable and thread-safe.
 *
 * @param sqlClasses bit set over {@link dev.witness.guardrails.SqlClass} ordinals, 0 for any
 */
public record PolicyRule(String name, Action action, String message, NameGlob source, NameGlob target,
                         NameGlob identity, Map<String, NameGlob> attributes, boolean hasSql, int sqlClasses,
                         List<NameGlob> tables, Pattern sqlPattern, boolean hasKafka, List<NameGlob> topics,
                         Pattern topicPattern) {

    /** True if checking this rule needs the statement's classification (classes or tables). */
    public boolean needsFacts() {
        return sqlClasses != 0 || !tables.isEmpty();
    }

    /** True if the rule can apply to sessions of this source and target (checked once per session). */
    public boolean appliesTo(String sessionSource, String sessionTarget) {
        return (source == null || source.matches(sessionSource)) && (target == null || target.matches(sessionTarget));
    }

    public boolean matchesIdentity(Identity id) {
        if (identity != null && !identity.matches(id == null ? "" : id.principal())) {
            return false;
        }
        if (!attributes.isEmpty()) {
            if (id == null) {
                return false;
            }
            for (Map.Entry<String, NameGlob> e : attributes.entrySet()) {
                if (!e.getValue().matches(id.attributes().get(e.getKey()))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The SQL conditions; {@code facts} is the classification of {@code sql}. */
    public boolean matchesSql(String sql, SqlFacts facts) {
        if (sqlClasses != 0 && !facts.hasAny(sqlClasses)) {
            return false;
        }
        if (!tables.isEmpty() && !anyTable(facts.tables())) {
            return false;
        }
        return sqlPattern == null || sqlPattern.matcher(sql).find();
    }

    private boolean anyTable(List<String> names) {
        for (String n : names) {
            int dot = n.lastIndexOf('.');
            String bare = dot < 0 ? n : n.substring(dot + 1);
            for (NameGlob g : tables) {
                if (g.matches(n) || g.matches(bare)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean matchesTopic(String topic) {
        if (!topics.isEmpty()) {
            boolean any = false;
            for (NameGlob g : topics) {
                if (g.matches(topic)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return topicPattern == null || (topic != null && topicPattern.matcher(topic).matches());
    }
}
