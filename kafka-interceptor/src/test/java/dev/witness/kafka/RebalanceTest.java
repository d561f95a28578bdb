package dev.witness.kafka;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.TopicOffset;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.witness.kafka.Recordings.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two members of one group and a rebalance between them, under the classic group protocol and the
 * KIP-848 {@code consumer} protocol (whose auto-commit runs on the consumer's background thread).
 * Member {@code a} auto-commits, member {@code b} commits synchronously after each poll. Read back:
 * each consume event is a record the producer's recording says it wrote at that partition and
 * offset, together they cover every record, every commit carries its member's mode, and the
 * offsets the group finally holds are the last ones recorded for each partition.
 */
class RebalanceTest {
    private static final int PARTITIONS = 4;
    private static final int PER_BATCH = 20;

    @TempDir
    Path store;

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void commitsAndRecordsOfTwoMembersAcrossARebalance(String protocol) throws Exception {
        String topic = TestBroker.topic("rebalance-" + protocol);
        String group = TestBroker.topic("group-" + protocol);
        TestBroker.createTopic(topic, PARTITIONS, Map.of());
        Map<String, String> consumed = new HashMap<>(); // "partition@offset" -> value, both members
        Tracker a = new Tracker();
        Tracker b = new Tracker();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class))) {
            produce(producer, topic, 0);

            Map<String, Object> ca = memberConfig(protocol, group, "member-a");
            ca.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "200");
            Map<String, Object> cb = memberConfig(protocol, group, "member-b");
            cb.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<String, String> ma = new KafkaConsumer<>(ca)) {
                ma.subscribe(List.of(topic), a);
                await(() -> {
                    poll(ma, consumed, false);
                    return consumed.size() == PER_BATCH;
                }, "member a alone consumes the first batch");
                assertEquals(PARTITIONS, a.assigned.size());

                try (KafkaConsumer<String, String> mb = new KafkaConsumer<>(cb)) {
                    mb.subscribe(List.of(topic), b);
                    await(() -> {
                        poll(ma, consumed, false);
                        poll(mb, consumed, true);
                        return !b.assigned.isEmpty() && a.assigned.size() + b.assigned.size() == PARTITIONS
                                && !a.revoked.isEmpty();
                    }, "the group rebalances to both members");
                    produce(producer, topic, PER_BATCH);
                    await(() -> {
                        poll(ma, consumed, false);
                        poll(mb, consumed, true);
                        return consumed.size() == 2 * PER_BATCH;
                    }, "both members consume the second batch");
                    // let a's auto-commit catch up before the group shrinks again
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
                    while (System.nanoTime() < until) {
                        poll(ma, consumed, false);
                        poll(mb, consumed, true);
                    }
                }
            }
            assertFalse(b.ever.isEmpty(), "member b got partitions");
        }

        Map<TopicPartition, OffsetAndMetadata> groupOffsets;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap()))) {
            groupOffsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10,
                    TimeUnit.SECONDS);
        }

        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        // what the producer wrote, from its recording: partition@offset -> value
        List<Event> produced = Recordings.only(sessions, "kafka-producer");
        Map<Long, Produce> sends = new HashMap<>();
        ofType(produced, Produce.class).forEach(p -> sends.put(p.call(), p));
        Map<String, String> written = new HashMap<>();
        for (Acknowledgement ack : ofType(produced, Acknowledgement.class)) {
            written.put(ack.partition() + "@" + ack.offset(), sends.get(ack.call()).value().text());
        }
        assertEquals(2 * PER_BATCH, written.size());

        Map<String, List<Event>> byMember = new HashMap<>();
        sessions.forEach((d, events) -> {
            if (d.source().equals("kafka-consumer")) {
                byMember.put(d.attributes().get("client_id"), events);
                assertEquals(group, d.attributes().get("group"));
            }
        });
        assertEquals(Set.of("member-a", "member-b"), byMember.keySet());

        Set<String> recordedConsumes = new HashSet<>();
        Map<Integer, Long> lastCommitted = new HashMap<>();
        for (Map.Entry<String, List<Event>> m : byMember.entrySet()) {
            String member = m.getKey();
            for (Consume c : ofType(m.getValue(), Consume.class)) {
                assertEquals(member, c.member());
                assertEquals(group, c.group());
                String at = c.partition() + "@" + c.offset();
                assertEquals(written.get(at), c.value().text(), "consumed " + at + " is what was written there");
                recordedConsumes.add(at);
            }
            List<OffsetCommit> commits = ofType(m.getValue(), OffsetCommit.class);
            assertFalse(commits.isEmpty(), member + " committed");
            String mode = member.equals("member-a") ? "auto" : "sync";
            for (OffsetCommit c : commits) {
                assertEquals(mode, c.mode(), member + ": " + commits.stream().map(OffsetCommit::mode).toList());
                assertEquals(group, c.group());
                for (TopicOffset o : c.offsets()) {
                    assertEquals(topic, o.topic());
                    assertTrue(o.offset() >= 0 && o.offset() <= 2L * PER_BATCH / PARTITIONS, o.toString());
                    lastCommitted.merge(o.partition(), o.offset(), Math::max);
                }
            }
        }
        assertEquals(written.keySet(), recordedConsumes, "every record consumed and recorded");
        assertEquals(recordedConsumes.size(), consumed.size());
        for (int p = 0; p < PARTITIONS; p++) {
            OffsetAndMetadata held = groupOffsets.get(new TopicPartition(topic, p));
            assertNotNull(held, "group offset of partition " + p);
            assertEquals(held.offset(), lastCommitted.get(p), "partition " + p + ": the group holds the last"
                    + " recorded commit");
        }
    }

    private Map<String, Object> memberConfig(String protocol, String group, String clientId) {
        Map<String, Object> c = Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        if (protocol.equals("classic")) {
            c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "200");
        }
        return c;
    }

    private static void produce(KafkaProducer<String, String> producer, String topic, int from) throws Exception {
        for (int i = from; i < from + PER_BATCH; i++) {
            producer.send(new ProducerRecord<>(topic, i % PARTITIONS, "k" + i, "v" + i)).get();
        }
    }

    private static void poll(KafkaConsumer<String, String> consumer, Map<String, String> consumed, boolean commit) {
        ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, String> r : records) {
            consumed.put(r.partition() + "@" + r.offset(), r.value());
        }
        if (commit && !records.isEmpty()) {
            consumer.commitSync();
        }
    }

    private static void await(BooleanSupplier done, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
        }
    }

    /** The partitions a member holds and whether it lost some. */
    private static final class Tracker implements ConsumerRebalanceListener {
        final Set<TopicPartition> assigned = new HashSet<>();
        final List<TopicPartition> revoked = new ArrayList<>();
        final Set<TopicPartition> ever = new HashSet<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            assigned.removeAll(partitions);
            revoked.addAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assigned.addAll(partitions);
            ever.addAll(partitions);
        }
    }
}
