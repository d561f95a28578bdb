package dev.witness.masking.internal;

import dev.witness.masking.MaskedField;

import java.util.Set;

/**
 * Where a rule applies: kinds of value, the session's source and target, and for Kafka values the
 * topic (the field's target). A field that does not say its source, target or topic is treated as
 * in scope: when in doubt, mask.
 *
 * @param kinds  the kinds of value, or empty for all
 * @param source glob on {@link MaskedField#source()}, or {@code null}
 * @param target glob on {@link MaskedField#target()}, or {@code null}
 * @param topic  glob on the target of Kafka kinds; non-Kafka values are out of scope; or {@code null}
 */
public record Scope(Set<MaskedField.Kind> kinds, Glob source, Glob target, Glob topic) {

    public static final Scope EVERYWHERE = new Scope(Set.of(), null, null, null);

    boolean includes(MaskedField f) {
        if (!kinds.isEmpty() && !kinds.contains(f.kind())) {
            return false;
        }
        if (source != null && f.source() != null && !source.matches(f.source())) {
            return false;
        }
        if (target != null && f.target() != null && !target.matches(f.target())) {
            return false;
        }
        if (topic != null) {
            boolean kafka = f.kind() == MaskedField.Kind.KAFKA_KEY || f.kind() == MaskedField.Kind.KAFKA_VALUE
                    || f.kind() == MaskedField.Kind.KAFKA_HEADER;
            return kafka && (f.target() == null || topic.matches(f.target()));
        }
        return true;
    }
}
