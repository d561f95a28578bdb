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
}
