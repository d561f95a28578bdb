package dev.witness.guardrails.internal;

import dev.witness.guardrails.SqlClass;

import java.util.ArrayList;
import java.util.List;

/**
 * What one SQL string does: its classes as a bit set over {@link SqlClass} ordinals, and the
 * tables it names (lower case, as written, schema included when written). Immutable; one per
 * distinct SQL string, shared through the classifier's cache.
 */
public final class SqlFacts {
    private final int classes;
    private final List<String> tables;

    SqlFacts(int classes, List<String> tables) {
        this.classes = classes;
        this.tables = List.copyOf(tables);
    }

    public static int bit(SqlClass c) {
        return 1 << c.ordinal();
    }

    /** True if any of the classes in {@code mask} applies. */
    public boolean hasAny(int mask) {
        return (classes & mask) != 0;
    }

    public boolean has(SqlClass c) {
        return (classes & bit(c)) != 0;
    }

    public int classBits() {
        return classes;
    }

    public List<String> tables() {
        return tables;
    }

    /** The class names, in policy spelling, for the approval request. */
    public List<String> classNames() {
        List<String> out = new ArrayList<>();
        for (SqlClass c : SqlClass.values()) {
            if (has(c)) {
                out.add(c.policyName());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return classNames() + " " + tables;
    }
}
