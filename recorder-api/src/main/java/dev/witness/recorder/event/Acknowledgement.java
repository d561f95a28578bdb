package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.ArrayList;
import java.util.List;

/**
 * The broker's answer to a produced record (type {@code ack}).
 *
 * <p>One stored line may carry the acknowledgements of several records that Kafka answered one
 * after the other: same topic, partition and identity, no error, consecutive offsets. Their calls
 * are {@code moreCalls}, at offsets {@code offset + 1}, {@code offset + 2}, ...; {@link #parts()}
 * gives one {@code Acknowledgement} per record, all with this line's time.
 *
 * @param call      correlates with the {@link Produce}
 * @param offset    the offset, or -1 on error
 * @param error     the exception class and message, or {@code null} on success
 * @param moreCalls the calls of the records acknowledged right after this one on the same line
 *                  (at the following offsets); empty for a single acknowledgement
 */
public record Acknowledgement(long timeMicros, Identity identity, long call, String topic, int partition,
                              long offset, String error, List<Long> moreCalls) implements Event {
    public Acknowledgement {
        moreCalls = moreCalls == null ? List.of() : List.copyOf(moreCalls);
        if (!moreCalls.isEmpty() && (error != null || offset < 0)) {
            throw new IllegalArgumentException("only successful acknowledgements with an offset share a line");
        }
    }

    /** One acknowledgement. */
    public Acknowledgement(long timeMicros, Identity identity, long call, String topic, int partition, long offset,
                           String error) {
        this(timeMicros, identity, call, topic, partition, offset, error, List.of());
    }

    @Override
    public EventType type() {
        return EventType.ACKNOWLEDGEMENT;
    }

    /** The acknowledgements on this line, one per record, in the order Kafka gave them. */
    @Override
    public List<Event> parts() {
        if (moreCalls.isEmpty()) {
            return List.of(this);
        }
        List<Event> parts = new ArrayList<>(1 + moreCalls.size());
        parts.add(new Acknowledgement(timeMicros, identity, call, topic, partition, offset, null));
        for (int i = 0; i < moreCalls.size(); i++) {
            parts.add(new Acknowledgement(timeMicros, identity, moreCalls.get(i), topic, partition, offset + 1 + i,
                    null));
        }
        return List.copyOf(parts);
    }
}
