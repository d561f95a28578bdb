package dev.witness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.witness.cli.replay.KafkaReplay;
import dev.witness.kafka.WitnessConsumerInterceptor;
import dev.witness.kafka.WitnessProducerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.witness.cli.Cli.onStore;
import static org.junit.jupiter.api.Assertions.*;

/** The CLI on sessions recorded by the Kafka interceptors against a real broker, and Kafka replay. */
class KafkaCliTest {
    static final byte[] BINARY = {0, 1, 2, (byte) 0xff};
    @TempDir
    static Path dir;
    static Path store;
    static String topic;
    static String producerSession;
    static String consumerSession;

    @BeforeAll
    static void record() throws Exception {
        store = dir.resolve("store");
        topic = "orders-" + Long.toHexString(System.nanoTime());
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessProducerInterceptor.class.getName());
        pc.put("witness.store", "file:" + store);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 1; i <= 3; i++) {
                RecordHeaders h = new RecordHeaders();
                h.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                h.add("bin", BINARY);
                producer.send(new ProducerRecord<>(topic, null, "k" + i, "{\"order\":" + i + "}", h)).get();
            }
        }
        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");
        cc.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessConsumerInterceptor.class.getName());
        cc.put("witness.store", "file:" + store);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.subscribe(List.of(topic));
            poll(consumer, 3);
            consumer.commitSync();
        }
        JsonNode sessions = new ObjectMapper().readTree(onStore(store, "sessions", "--json").out()).get("sessions");
        for (JsonNode s : sessions) {
            if (s.get("source").asText().equals("kafka-producer")) {
                producerSession = s.get("id").asText();
            } else if (s.get("source").asText().equals("kafka-consumer")) {
                consumerSession = s.get("id").asText();
            }
        }
        assertNotNull(producerSession);
        assertNotNull(consumerSession);
    }

    static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int n) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (out.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + out.size() + " of " + n + " records arrived");
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }

    @Test
    void sessionsShowAndVerifyKafkaSessions() {
        Cli.Run list = onStore(store, "sessions", "--source", "kafka-producer");
        assertEquals(0, list.code(), list::toString);
        assertTrue(list.out().contains(producerSession) && list.out().contains("kafka://" + TestBroker.bootstrap()), list::toString);

        Cli.Run byTopic = onStore(store, "sessions", "--text", topic);
        assertEquals(3, byTopic.lines().size(), "both sessions name the topic: " + byTopic);

        Cli.Run show = onStore(store, "show", producerSession);
        assertEquals(0, show.code(), show::toString);
        assertTrue(show.out().contains("produce       " + topic + "  key=k1 value={\"order\":1}  headers {trace=t-1, bin=base64:AAEC/w==}"), show::toString);
        assertTrue(show.out().lines().anyMatch(l -> l.contains(" ack ") && l.contains(topic + "-0@")), show::toString);

        Cli.Run consumed = onStore(store, "show", consumerSession);
        assertTrue(consumed.out().contains("consume       " + topic + "-0@0  key=k1"), consumed::toString);
        assertTrue(consumed.out().contains("offset_commit sync group=billing: " + topic + "-0@3"), consumed::toString);

        Cli.Run verify = onStore(store, "verify", "--all");
        assertEquals(0, verify.code(), verify::toString);
    }

    @Test
    void replayRepublishesKeysValuesAndHeadersWithTheReplayHeader() throws Exception {
        Cli.Run r = onStore(store, "replay", producerSession, "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", "sandbox.");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("3 records republished, 0 skipped"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("sent     " + topic + " -> sandbox." + topic + "-0@0")), r::toString);

        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + System.nanoTime());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc)) {
            consumer.subscribe(List.of("sandbox." + topic));
            List<ConsumerRecord<byte[], byte[]>> got = poll(consumer, 3);
            for (int i = 1; i <= 3; i++) {
                ConsumerRecord<byte[], byte[]> rec = got.get(i - 1);
                assertEquals("k" + i, new String(rec.key(), StandardCharsets.UTF_8));
                assertEquals("{\"order\":" + i + "}", new String(rec.value(), StandardCharsets.UTF_8));
                Header[] headers = rec.headers().toArray();
                assertEquals(3, headers.length);
                assertEquals("trace", headers[0].key());
                assertEquals("t-" + i, new String(headers[0].value(), StandardCharsets.UTF_8));
                assertEquals("bin", headers[1].key());
                assertArrayEquals(BINARY, headers[1].value(), Arrays.toString(headers[1].value()));
                assertEquals(KafkaReplay.REPLAY_HEADER, headers[2].key());
                assertTrue(new String(headers[2].value(), StandardCharsets.UTF_8).startsWith(producerSession + "#"));
            }
        }
    }

    @Test
    void replayErrors() {
        Cli.Run empty = onStore(store, "replay", producerSession, "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", "");
        assertEquals(ExitCodes.USAGE, empty.code(), empty::toString);
        Cli.Run jdbc = onStore(store, "replay", producerSession, "--jdbc-url", "jdbc:h2:mem:x");
        assertEquals(ExitCodes.USAGE, jdbc.code(), jdbc::toString);
        assertTrue(jdbc.err().contains("is a kafka-producer session: replay it with --bootstrap"), jdbc::toString);
    }

    @Test
    void consumedRecordsCanBeRepublishedToo() {
        Cli.Run r = onStore(store, "replay", consumerSession, "--bootstrap", TestBroker.bootstrap(), "--topic-prefix", "again.", "--consumed");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("3 records republished, 0 skipped"), r::toString);
    }

    static {
        // the Kafka clients' INFO lines would drown the test output
        Main.quietLogging();
    }

    @Test
    void anAckLineForSeveralRecordsIsShownAndExportedOneRowPerRecord() throws Exception {
        Path own = dir.resolve("acks-store");
        String t = "acks-" + Long.toHexString(System.nanoTime());
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessProducerInterceptor.class.getName());
        pc.put(ProducerConfig.LINGER_MS_CONFIG, "200"); // one batch: one response acknowledges all 20
        pc.put("witness.store", "file:" + own);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(t, "k" + i, "v" + i));
            }
            producer.flush();
        }
        String id = new ObjectMapper().readTree(onStore(own, "sessions", "--json").out()).get("sessions").get(0)
                .get("id").asText();

        Cli.Run show = onStore(own, "show", id);
        List<String> acks = show.lines().stream().filter(l -> l.contains(" ack ")).toList();
        assertEquals(20, acks.size(), show::toString);
        assertTrue(acks.stream().filter(l -> l.trim().matches("#\\d+\\+.*")).count() > 0,
                "parts of one ack line are numbered #n+: " + show);

        Cli.Run csv = onStore(own, "export", id, "--format", "csv");
        assertEquals(0, csv.code(), csv::toString);
        List<String[]> ackRows = csv.lines().stream().map(l -> l.split(",", -1)).filter(c -> c[3].equals("ack")).toList();
        assertEquals(20, ackRows.size(), csv::toString);
        List<String[]> produceRows = csv.lines().stream().map(l -> l.split(",", -1)).filter(c -> c[3].equals("produce"))
                .toList();
        long first = Long.parseLong(ackRows.get(0)[13]);
        for (int i = 0; i < 20; i++) {
            assertEquals(produceRows.get(i)[5], ackRows.get(i)[5], "call of ack " + i);
            assertEquals(first + i, Long.parseLong(ackRows.get(i)[13]), "offset of ack " + i);
        }
        assertTrue(ackRows.stream().map(c -> c[1]).distinct().count() < 20, "the acks share stored lines");
    }
}
