package dev.witness.masking.internal;

import java.util.List;
import java.util.Map;

/**
 * A rules document as a tree that remembers where each value was written, so every loader
 * message can name the line and column. Jackson's own tree drops locations.
 */
public sealed interface RuleNode {

    int line();

    int column();

    /** What this node is, in the words a message uses ("a mapping", "a list", "a string", ...). */
    String describe();

    /** A mapping; {@code keys} holds where each key was written. */
    record MapNode(Map<String, RuleNode> entries, Map<String, int[]> keys, int line, int column) implements RuleNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A list. */
    record ListNode(List<RuleNode> items, int line, int column) implements RuleNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code type} is {@code string}, {@code number}, {@code boolean} or {@code null}. */
    record Scalar(String text, String type, int line, int column) implements RuleNode {
        @Override
        public String describe() {
            return "string".equals(type) ? "the string '" + text + "'" : "the " + type + " " + text;
        }
    }
}
