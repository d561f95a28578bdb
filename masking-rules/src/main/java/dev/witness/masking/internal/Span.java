package dev.witness.masking.internal;

/** A half-open range [start, end) of a text that a detector found. */
public record Span(int start, int end) {

    boolean overlaps(int otherStart, int otherEnd) {
        return start < otherEnd && otherStart < end;
    }
}
