package dev.witness.masking.internal;

/** Replaces the whole value with a fixed marker naming the rule, e.g. {@code [card]}. */
final class RedactStrategy implements Strategy {

    private final String marker;

    RedactStrategy(String ruleName) {
        this.marker = "[" + ruleName + "]";
    }

    @Override
    public String apply(String value) {
        return marker.equals(value) ? value : marker;
    }

    /** The marker every value becomes (lets JSON masking skip decoding the value it replaces). */
    String marker() {
        return marker;
    }

    @Override
    public String kind() {
        return "redact";
    }
}
