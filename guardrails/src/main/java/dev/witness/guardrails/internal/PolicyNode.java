package dev.witness.guardrails.internal;

import java.util.List;
import java.util.Map;

/**
 * A policy document as a tree that remembers where each value was written, so that every loader
 * message names the line and column (Jackson's own tree drops locations).
 */
public sealed interface PolicyNode {

    int line();

    int column();

    /** What this node is, in a message's words. */
    String describe();

    /** A mapping; {@code keys} holds where each key was written. */
    record MapNode(Map<String, PolicyNode> entries, Map<String, int[]> keys, int line, int column)
            implements PolicyNode {
        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A list. */
    record ListNode(List<PolicyNode> items, int line, int column) implements PolicyNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar; {@code type} is {@code string}, {@code number}, {@code boolean} or {@code null}. */
    record Scalar(String text, String type, int line, int column) implements PolicyNode {
        @Override
        public String describe() {
            return "string".equals(type) ? "the string '" + text + "'" : "the " + type + " " + text;
        }
    }
}
