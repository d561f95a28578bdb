package dev.witness.kafka.internal;

import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.TopicOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Captures one consumer's polled records and offset commits.
 *
 * <p>Polling thread ({@link #onConsume}): one timestamp and identity per poll, and per record one
 * small {@link DeferredEvent} holding the {@code ConsumerRecord} reference. Headers, key and value
 * become text or base64 on the writer thread. Commit ({@link #onCommit}): rare, so the offsets are
 * copied at once (the map may be the application's own) and the mode is worked out by
 * {@link CommitModes}.
 */
public final class ConsumerCapture {
    private final ClientSession client;
    private final PayloadEncoder payloads;
    private final String group;
    private final String member;
    private final boolean autoCommit;

    public ConsumerCapture(ClientSession client, PayloadEncoder payloads, String group, String member,
                           boolean autoCommit) {
        this.client = client;
        this.payloads = payloads;
        this.group = group;
        this.member = member;
        this.autoCommit = autoCommit;
    }

    /** Captures every record the poll returns to the application. Never throws. */
    public void onConsume(ConsumerRecords<?, ?> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            long now = WitnessClock.nowMicros();
            Identity identity = RecordingContext.currentIdentity();
            RecordingSession target = client.current();
            for (ConsumerRecord<?, ?> r : records) {
                client.record(target, new ConsumeCapture(this, now, identity, r));
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            client.failed("poll", e);
        }
    }

    /** Captures a successful offset commit. Never throws. */
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            long now = WitnessClock.nowMicros();
            String mode = CommitModes.detect(autoCommit);
            List<TopicOffset> list = new ArrayList<>(offsets.size());
            offsets.forEach((tp, om) -> list.add(new TopicOffset(tp.topic(), tp.partition(),
                    om == null ? -1 : om.offset())));
            OffsetCommit event = new OffsetCommit(now, RecordingContext.currentIdentity(), group, mode, list);
            client.record(() -> event);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            client.failed("offset commit", e);
        }
    }

    /** A forward-masking failure: the record went on unmasked (as Kafka would do); counted and logged once. */
    public void maskingFailed(Throwable t) {
        client.failed("forward masking of a poll", t);
    }

    public void close() {
        client.close();
    }

    /** One polled record, converted on the writer thread. */
    private static final class ConsumeCapture implements DeferredEvent {
        private final ConsumerCapture owner;
        private final long timeMicros;
        private final Identity identity;
        private final ConsumerRecord<?, ?> record;

        ConsumeCapture(ConsumerCapture owner, long timeMicros, Identity identity, ConsumerRecord<?, ?> record) {
            this.owner = owner;
            this.timeMicros = timeMicros;
            this.identity = identity;
            this.record = record;
        }

        @Override
        public Event toEvent() {
            PayloadEncoder p = owner.payloads;
            return new Consume(timeMicros, identity, record.topic(), record.partition(), record.offset(),
                    record.timestamp(), p.headers(record.headers().toArray()), p.object(record.key()),
                    p.object(record.value()), owner.group, owner.member);
        }
    }
}
