package dev.witness.recorder;

import dev.witness.recorder.event.Event;

/**
 * An event whose conversion to its recorded form is left to the writer thread: an interceptor
 * keeps the raw references it captured (a {@code java.util.Date}, a {@code BigDecimal}, a byte
 * array it copied) and turns them into text in {@link #toEvent()}, off the application's thread.
 * It must not keep references to objects the application may still change.
 */
@FunctionalInterface
public interface DeferredEvent {
    /** Builds the event; called once, on the writer thread. */
    Event toEvent();

    /**
     * Called on the caller's thread when the Recorder did not take this event (dropped under
     * {@code witness.backpressure=drop}, refused under {@code fail}, or recorded after its session
     * or the Recorder was closed): {@link #toEvent()} will never be called. Lets an interceptor
     * that meant to add to the event later record that part on its own instead.
     */
    default void notQueued() {
    }

    /**
     * Whether this event takes {@code next}, the event queued right after it in the same session,
     * onto its own line, so that the writer builds, encodes and chains one line for both (Kafka
     * acknowledgements of one produce response, say). Called on the writer thread, before
     * {@link #toEvent()} of either; if it returns true, {@code next.toEvent()} is never called and
     * this event's {@code toEvent()} must stand for both. The default takes nothing.
     */
    default boolean absorb(DeferredEvent next) {
        return false;
    }
}
