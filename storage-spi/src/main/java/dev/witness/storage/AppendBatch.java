package dev.witness.storage;

import java.util.List;
import java.util.Objects;

/**
 * One writer batch: the events to append, in order, and the metadata of the sessions that
 * this batch opens or closes. A session's descriptor appears in {@code opened} in the same
 * batch as (or an earlier batch than) its first event; {@code closed} carries the final
 * descriptor (with {@link SessionDescriptor#endedAt()} set) in the batch of its last event.
 *
 * @param opened descriptors of sessions whose first event is in this batch
 * @param events encoded events in append order, possibly of many sessions
 * @param closed final descriptors of sessions whose last event is in this batch
 */
public record AppendBatch(List<SessionDescriptor> opened, List<EncodedEvent> events, List<SessionDescriptor> closed) {
    public AppendBatch {
        opened = List.copyOf(Objects.requireNonNull(opened, "opened"));
        events = List.copyOf(Objects.requireNonNull(events, "events"));
        closed = List.copyOf(Objects.requireNonNull(closed, "closed"));
    }

    /** A batch of events only. */
    public static AppendBatch of(List<EncodedEvent> events) {
        return new AppendBatch(List.of(), events, List.of());
    }

    public boolean isEmpty() {
        return opened.isEmpty() && events.isEmpty() && closed.isEmpty();
    }
}
