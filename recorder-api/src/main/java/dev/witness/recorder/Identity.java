package dev.witness.recorder;

import java.util.Map;
import java.util.Objects;

/**
 * Who is behind a call: a principal plus attributes such as {@code ticket}, {@code tenant} or
 * {@code sourceIp}. Immutable; create one per request or user and share it, since every event
 * captured on the thread holds a reference to it.
 *
 * @param principal  the user or service name
 * @param attributes extra facts about the caller; values are masked like any value when stored
 */
public record Identity(String principal, Map<String, String> attributes) {
    public Identity {
        Objects.requireNonNull(principal, "principal");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An identity with no attributes. */
    public static Identity of(String principal) {
        return new Identity(principal, Map.of());
    }

    /** This identity with one more attribute. */
    public Identity with(String key, String value) {
        java.util.HashMap<String, String> copy = new java.util.HashMap<>(attributes);
        copy.put(key, value);
        return new Identity(principal, copy);
    }
}
