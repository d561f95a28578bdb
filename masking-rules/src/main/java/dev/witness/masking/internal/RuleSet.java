package dev.witness.masking.internal;

import java.util.List;

/**
 * The compiled content of one rules document, in file order.
 *
 * @param source where it was read from (a path, {@code <string>} or {@code <builtin>})
 * @param rules  the rules, first match wins for whole-value selection
 */
public record RuleSet(String source, List<Rule> rules) {
}
