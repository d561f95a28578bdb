package dev.witness.recorder.event;

import dev.witness.recorder.Identity;

import java.util.List;

/** A record returned to the application by a Kafka consumer's poll. */
public record Consume(long timeMicros, Identity identity, String topic, int partition, long offset,
                      long recordTimestamp, List<Header> headers, Payload key, Payload value, String group,
                      String member) implements Event {
    public Consume {
        headers = List.copyOf(headers);
    }

    @Override
    public EventType type() {
        return EventType.CONSUME;
    }
}
