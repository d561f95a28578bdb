package dev.witness.recorder.event;

/** An offset of one topic partition. */
public record TopicOffset(String topic, int partition, long offset) {
}
