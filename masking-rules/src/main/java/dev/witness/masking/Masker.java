package dev.witness.masking;

/**
 * Masks sensitive values before anything is stored. The Recorder calls it on its writer thread
 * for every value of every event (never on the application's thread); the Kafka forward mode
 * and the approval client call it too. Implementations must be thread-safe and must never throw
 * for a value they cannot parse: they return the value masked as a whole or unchanged, per their
 * rules.
 *
 * <p>{@link #passThrough()} is the default until masking rules are configured.
 */
public interface Masker {

    /**
     * Returns {@code value} with every part that a rule matches masked, or {@code value} itself
     * (the same reference) when nothing matches.
     *
     * @param field where the value comes from (kind, source, target, table, column, name, position)
     * @param value the value as text; {@code null} is returned as {@code null}
     */
    String mask(MaskedField field, String value);

    /** True if this masker never changes anything (lets callers skip work). */
    default boolean isPassThrough() {
        return false;
    }

    /** A masker that returns every value unchanged. */
    static Masker passThrough() {
        return PassThroughMasker.INSTANCE;
    }
}
