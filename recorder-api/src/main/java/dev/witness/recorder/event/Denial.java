package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * A statement or send refused before it reached the database or broker.
 *
 * @param call   correlates with the refused statement or send
 * @param rule   the rule that refused it
 * @param reason why, as shown to the application
 */
public record Denial(long timeMicros, Identity identity, long call, String rule, String reason) implements Event {
    @Override
    public EventType type() {
        return EventType.DENIAL;
    }
}
