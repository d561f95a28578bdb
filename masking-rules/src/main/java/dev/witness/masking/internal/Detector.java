package dev.witness.masking.internal;

import java.util.List;

/**
 * Finds one kind of sensitive value in free text. Each implementation validates its candidates
 * (checksums, ranges, decoding) rather than trusting a regular expression alone, to keep false
 * positives low: a masked order number is noise, but a masked SQL keyword breaks a recording.
 * Implementations are stateless and thread-safe.
 */
public interface Detector {

    /** The name rules use in {@code detect:} and the default redaction marker. */
    String name();

    /** False when {@code features} prove this detector cannot match (a cheap pre-check). */
    boolean mayMatch(TextFeatures features);

    /** Adds every validated match in {@code text} to {@code out}, in order, without overlaps. */
    void find(String text, List<Span> out);
}
