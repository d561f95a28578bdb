package dev.witness.kafka;

import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** witness.kafka.mask.forward: off by default (nothing changes), on: what flows is masked. */
class ForwardMaskingTest {
    private static final String RULES = """
            rules:
              - name: card
                jsonPaths: ["$.card"]
                strategy: redact
              - name: auth
                headers: [authorization]
                strategy: redact
            """;
    private static final String VALUE = "{\"order\":7,\"card\":\"4111111111111111\"}";
    private static final String TOKEN = "Bearer s3cr3t-token";

    @TempDir
    Path dir;

    @Test
    void offByDefaultTheBrokerStoresExactlyWhatWasSent() throws Exception {
        String topic = TestBroker.topic("unmasked");
        Path rules = rules();
        Map<String, Object> pc = Recordings.producerConfig(dir.resolve("store"), StringSerializer.class,
                StringSerializer.class);
        pc.put("witness.kafka.mask.forward.rules", rules.toString()); // rules alone change nothing
        send(pc, topic);
        ConsumerRecord<String, String> got = plainConsume(topic);
        assertEquals(VALUE, got.value());
        assertEquals(TOKEN, new String(got.headers().lastHeader("authorization").value(), StandardCharsets.UTF_8));
    }

    @Test
    void onTheBrokerStoresMaskedRecordsAndTheRecordingShowsWhatItGot() throws Exception {
        String topic = TestBroker.topic("masked");
        Path store = dir.resolve("store");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put("witness.kafka.mask.forward", "true");
        pc.put("witness.kafka.mask.forward.rules", rules().toString());
        send(pc, topic);
        ConsumerRecord<String, String> got = plainConsume(topic);
        assertFalse(got.value().contains("4111111111111111"), got.value());
        assertTrue(got.value().contains("\"order\":7"), got.value());
        String auth = new String(got.headers().lastHeader("authorization").value(), StandardCharsets.UTF_8);
        assertNotEquals(TOKEN, auth);
        assertEquals("k", got.key(), "a key no rule selects is unchanged");
        assertEquals("kept", new String(got.headers().lastHeader("trace").value(), StandardCharsets.UTF_8));
        Produce recorded = ofType(only(Recordings.read(store), "kafka-producer"), Produce.class).get(0);
        assertEquals(got.value(), recorded.value().text());
    }

    @Test
    void onTheConsumerSideTheApplicationReceivesMaskedRecords() throws Exception {
        String topic = TestBroker.topic("consumer-masked");
        Map<String, Object> pc = Recordings.producerConfig(dir.resolve("unused"), StringSerializer.class,
                StringSerializer.class);
        pc.remove("interceptor.classes");
        send(pc, topic);
        Path store = dir.resolve("store");
        Map<String, Object> cc = Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class);
        cc.put("witness.kafka.mask.forward", "true");
        cc.put("witness.kafka.mask.forward.rules", rules().toString());
        ConsumerRecord<String, String> got;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            got = Recordings.poll(consumer, 1).get(0);
        }
        assertFalse(got.value().contains("4111111111111111"), got.value());
        assertEquals(0, got.offset());
        Consume recorded = ofType(only(Recordings.read(store), "kafka-consumer"), Consume.class).get(0);
        assertEquals(got.value(), recorded.value().text());
    }

    private Path rules() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        return rules;
    }

    private static void send(Map<String, Object> pc, String topic) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("authorization", TOKEN.getBytes(StandardCharsets.UTF_8));
            headers.add("trace", "kept".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(topic, null, "k", VALUE, headers)).get();
        }
    }

    private static ConsumerRecord<String, String> plainConsume(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Recordings.consumerConfig(null, StringDeserializer.class, StringDeserializer.class))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            return Recordings.poll(consumer, 1).get(0);
        }
    }
}
