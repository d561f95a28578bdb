package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

/**
 * A transaction boundary.
 *
 * @param action {@code begin}, {@code commit}, {@code rollback}, {@code savepoint}, {@code release_savepoint},
 *               {@code rollback_to_savepoint} or {@code isolation}
 * @param name   the savepoint name or the isolation level, or {@code null}
 */
public record Transaction(long timeMicros, Identity identity, String action, String name) implements Event {
    @Override
    public EventType type() {
        return EventType.TRANSACTION;
    }
}
