package dev.witness.masking;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.witness.masking.internal.FieldPlan;
import dev.witness.masking.internal.RuleSet;

import java.util.List;

/**
 * The {@link Masker} built from a rules document (see {@link Maskers}). Rules are compiled once at
 * load; the first time a distinct {@link MaskedField} is seen, the rules that can touch it are
 * picked into a {@code FieldPlan}, kept in a bounded cache, so later values of the same field cost
 * a look-up plus only the work those rules need. A field no rule can touch returns every value as
 * the same reference without reading it.
 *
 * <p>Thread-safe and non-blocking apart from the cache. Never throws for any value: JSON that does
 * not parse is masked as free text. For a bind parameter whose {@code table} and {@code name} are
 * both unset but whose {@code statement} is known, the column is found with
 * {@link SqlParameterColumns} first.
 */
public final class RuleMasker implements Masker {

    /** Distinct fields whose plans are kept. */
    public static final int PLAN_CACHE_SIZE = 10_000;

    private final RuleSet rules;
    private final Cache<MaskedField, FieldPlan> plans = Caffeine.newBuilder().maximumSize(PLAN_CACHE_SIZE).build();
    /**
     * The field asked for last and its plan: a writer masking a run of values of one field (a
     * topic's records) skips the cache's hashing. Racy on purpose: {@link LastPlan} is immutable.
     */
    private LastPlan last;

    private record LastPlan(MaskedField field, FieldPlan plan) {
    }

    RuleMasker(RuleSet rules) {
        this.rules = rules;
    }

    @Override
    public String mask(MaskedField field, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return plan(field).mask(value);
    }

    /**
     * Masks a whole JSON document (a Kafka value, a JSON column) by streaming it: valid JSON in,
     * valid JSON out, untouched bytes kept. Returns the same reference when nothing changed; a
     * document that is not valid JSON is masked as free text.
     */
    public String maskJson(MaskedField field, String json) {
        if (json == null || json.isEmpty()) {
            return json;
        }
        return plan(field).maskJson(json);
    }

    /**
     * {@link #maskJson(MaskedField, String)} on UTF-8 bytes, scanned as bytes (never decoded to a
     * String unless it is not valid JSON, or a whole-value rule applies); the same array when
     * nothing changed, and without reading it when no rule can touch {@code field}.
     */
    public byte[] maskJson(MaskedField field, byte[] utf8Json) {
        if (utf8Json == null || utf8Json.length == 0) {
            return utf8Json;
        }
        return plan(field).maskJson(utf8Json);
    }

    /** True if no rule can change any value of {@code field} (lets a caller skip capturing it). */
    public boolean isPassThrough(MaskedField field) {
        return plan(field).isPassThrough();
    }

    /** The names of the rules, in file order. */
    public List<String> ruleNames() {
        return rules.rules().stream().map(r -> r.name()).toList();
    }

    /** Where the rules were read from. */
    public String source() {
        return rules.source();
    }

    private FieldPlan plan(MaskedField field) {
        LastPlan l = last;
        if (l != null && (l.field() == field || l.field().equals(field))) {
            return l.plan();
        }
        FieldPlan plan = cachedPlan(field);
        last = new LastPlan(field, plan);
        return plan;
    }

    private FieldPlan cachedPlan(MaskedField field) {
        MaskedField key = field;
        if (field.kind() == MaskedField.Kind.PARAMETER && field.table() == null && field.name() == null
                && field.statement() != null && field.position() > 0) {
            ParameterColumn column = SqlParameterColumns.of(field.statement()).column(field.position()).orElse(null);
            if (column != null) {
                key = field.withColumn(column.table(), column.column());
            }
        }
        MaskedField planKey = key;
        return plans.get(planKey, k -> FieldPlan.of(rules.rules(), k));
    }
}
