package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.List;

/**
 * A record handed to a Kafka producer.
 *
 * @param call            correlates with its {@link Acknowledgement}
 * @param partition       the partition if the application set one, else {@code null}
 * @param recordTimestamp the record timestamp if set, else {@code null}
 */
public record Produce(long timeMicros, Identity identity, long call, String topic, Integer partition,
                      Long recordTimestamp, List<Header> headers, Payload key, Payload value, String clientId,
                      String transactionalId) implements Event {
    public Produce {
        headers = List.copyOf(headers);
    }

    @Override
    public EventType type() {
        return EventType.PRODUCE;
    }
}
