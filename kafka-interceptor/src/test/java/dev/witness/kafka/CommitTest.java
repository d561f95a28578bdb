package dev.witness.kafka;

import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.TopicOffset;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offset commits: sync, async and auto, each recorded with its mode, group and offsets. */
class CommitTest {
    @TempDir
    Path store;

    @Test
    void syncAndAsyncCommitsAreRecordedWithTheirMode() throws Exception {
        String topic = TestBroker.topic("commits");
        produce(topic, 3);
        Map<String, Object> cc = Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class);
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "g-manual");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cc.put(ConsumerConfig.CLIENT_ID_CONFIG, "manual-1");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(tp));
            Recordings.poll(consumer, 3);
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(2)));
            CompletableFuture<Exception> done = new CompletableFuture<>();
            consumer.commitAsync(Map.of(tp, new OffsetAndMetadata(3)), (offsets, e) -> done.complete(e));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!done.isDone() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50));
            }
            assertEquals(null, done.get(1, TimeUnit.SECONDS));
        }
        List<Event> events = only(Recordings.read(store), "kafka-consumer");
        List<OffsetCommit> commits = ofType(events, OffsetCommit.class);
        assertEquals(2, commits.size(), commits.toString());
        assertEquals("sync", commits.get(0).mode());
        assertEquals("g-manual", commits.get(0).group());
        assertEquals(List.of(new TopicOffset(topic, 0, 2)), commits.get(0).offsets());
        assertEquals("async", commits.get(1).mode());
        assertEquals(List.of(new TopicOffset(topic, 0, 3)), commits.get(1).offsets());
        Consume c = ofType(events, Consume.class).get(0);
        assertEquals("g-manual", c.group());
        assertEquals("manual-1", c.member());
    }

    @Test
    void autoCommitsAreRecordedAsAuto() {
        String topic = TestBroker.topic("auto");
        produce(topic, 2);
        Map<String, Object> cc = Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class);
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "g-auto");
        cc.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "100");
        cc.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "instance-a");
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(tp));
            Recordings.poll(consumer, 2);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (consumer.committed(Set.of(tp)).get(tp) == null && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(50));
            }
        }
        List<Event> events = only(Recordings.read(store), "kafka-consumer");
        List<OffsetCommit> commits = ofType(events, OffsetCommit.class);
        assertTrue(!commits.isEmpty(), "no commit recorded");
        commits.forEach(c -> assertEquals("auto", c.mode(), commits.toString()));
        assertEquals(List.of(new TopicOffset(topic, 0, 2)), commits.get(commits.size() - 1).offsets());
        assertEquals("instance-a", ofType(events, Consume.class).get(0).member());
    }

    private static void produce(String topic, int n) {
        Map<String, Object> pc = Recordings.producerConfig(Path.of("unused"), StringSerializer.class,
                StringSerializer.class);
        pc.remove("interceptor.classes");
        pc.remove("witness.store");
        try (KafkaProducer<String, String> p = new KafkaProducer<>(pc)) {
            for (int i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, "v" + i));
            }
            p.flush();
        }
    }
}
