package dev.witness.recorder.event;

import java.util.HashMap;
import java.util.Map;

/** The type of an event, with the name it has in the stored format ({@code "type"} field). */
public enum EventType {
    SESSION_START("session_start"),
    SESSION_END("session_end"),
    STATEMENT("statement"),
    PARAMETERS("parameters"),
    RESULT("result"),
    UPDATE_COUNT("update_count"),
    TRANSACTION("transaction"),
    ERROR("error"),
    PRODUCE("produce"),
    ACKNOWLEDGEMENT("ack"),
    CONSUME("consume"),
    OFFSET_COMMIT("offset_commit"),
    APPROVAL("approval"),
    DENIAL("denial"),
    GAP("gap");

    private static final Map<String, EventType> BY_WIRE_NAME = new HashMap<>();

    static {
        for (EventType t : values()) {
            BY_WIRE_NAME.put(t.wireName, t);
        }
    }

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the stored format. */
    public String wireName() {
        return wireName;
    }

    /** The type with this stored name, or {@code null}. */
    public static EventType ofWireName(String name) {
        return BY_WIRE_NAME.get(name);
    }
}
