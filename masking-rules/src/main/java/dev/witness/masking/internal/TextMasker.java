package dev.witness.masking.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a fixed list of detectors over free text and replaces what they find, each with the
 * strategy of the rule that enabled it. Detectors run in priority order and a later detector's
 * match that overlaps an earlier one is dropped. One {@link TextFeatures} pass decides which
 * detectors can match at all; text no detector can match is returned as the same reference.
 * Immutable and thread-safe.
 */
public final class TextMasker {

    /** Values shorter than this hold no secret any detector looks for. */
    static final int MIN_LENGTH = 6;

    /** A detector and the strategy of the rule that turned it on. */
    public record Binding(Detector detector, Strategy strategy) {
    }

    private final Binding[] bindings;

    public TextMasker(List<Binding> bindings) {
        List<Binding> sorted = new ArrayList<>(bindings);
        sorted.sort(Comparator.comparingInt(b -> DetectorCatalog.priority(b.detector())));
        this.bindings = sorted.toArray(new Binding[0]);
    }

    /** The strategy bound to the detector called {@code name}, or {@code null} when it is off. */
    Strategy strategyOf(String name) {
        for (Binding b : bindings) {
            if (b.detector().name().equals(name)) {
                return b.strategy();
            }
        }
        return null;
    }

    public boolean isEmpty() {
        return bindings.length == 0;
    }

    public String mask(String text) {
        if (bindings.length == 0 || text.length() < MIN_LENGTH) {
            return text;
        }
        TextFeatures features = TextFeatures.of(text);
        List<Span> accepted = null;
        List<Strategy> strategies = null;
        List<Span> found = new ArrayList<>(4);
        for (Binding b : bindings) {
            if (!b.detector().mayMatch(features)) {
                continue;
            }
            found.clear();
            b.detector().find(text, found);
            for (Span s : found) {
                if (accepted == null) {
                    accepted = new ArrayList<>(4);
                    strategies = new ArrayList<>(4);
                }
                if (!overlapsAny(accepted, s)) {
                    accepted.add(s);
                    strategies.add(b.strategy());
                }
            }
        }
        return accepted == null ? text : replace(text, accepted, strategies);
    }

    private static boolean overlapsAny(List<Span> accepted, Span s) {
        for (Span a : accepted) {
            if (a.overlaps(s.start(), s.end())) {
                return true;
            }
        }
        return false;
    }

    private static String replace(String text, List<Span> spans, List<Strategy> strategies) {
        Integer[] order = new Integer[spans.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> spans.get(i).start()));
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int at = 0;
        boolean changed = false;
        for (int i : order) {
            Span s = spans.get(i);
            String secret = text.substring(s.start(), s.end());
            String masked = strategies.get(i).apply(secret);
            changed |= !masked.equals(secret);
            sb.append(text, at, s.start()).append(masked);
            at = s.end();
        }
        if (!changed) {
            return text;
        }
        return sb.append(text, at, text.length()).toString();
    }
}
