package dev.witness.kafka;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An idempotent producer under retries. A broker of this class's own sits behind a proxy that
 * loses the broker's responses for a while: the broker has appended the batches, the producer
 * times out, reconnects and sends them again with the same sequence numbers, and the broker answers
 * the duplicates with the original offsets. The recording must show each send once, with one ack
 * at the offset the broker kept: no duplicate produce event, no ack paired twice or left over.
 */
class IdempotentRetryTest {
    private static TcpProxy proxy;
    private static TestBroker broker;

    @TempDir
    Path store;

    @BeforeAll
    static void start() {
        int brokerPort = TestBroker.port();
        proxy = new TcpProxy(brokerPort);
        broker = TestBroker.startOwn(brokerPort, proxy.port());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.stopOwn();
        }
    }

    @Test
    void retriedSendsAreRecordedOnceWithTheOffsetTheBrokerKept() throws Exception {
        String topic = TestBroker.topic("idempotent");
        String bootstrap = "localhost:" + proxy.port();
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pc.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        pc.put(ProducerConfig.ACKS_CONFIG, "all");
        pc.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "1500");
        pc.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        pc.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100");
        pc.put(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "100");
        pc.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        int warm = 3;
        int lost = 20;
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        double retries;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < warm; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
            }
            producer.flush();
            proxy.dropResponses(true);
            for (int i = warm; i < warm + lost; i++) {
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i)));
                Thread.sleep(20); // several batches, several in-flight requests
            }
            // the requests reach the broker, their answers do not; after request.timeout.ms the producer retries
            Thread.sleep(2_500);
            assertTrue(proxy.droppedBytes() > 0, "no response was lost");
            proxy.dropResponses(false);
            producer.flush();
            retries = metric(producer.metrics(), "record-retry-total");
        }
        assertTrue(retries > 0, "the producer retried: record-retry-total=" + retries);
        List<Long> offsets = new ArrayList<>();
        for (Future<RecordMetadata> f : futures) {
            offsets.add(f.get(10, TimeUnit.SECONDS).offset());
        }
        assertEquals(warm + lost, new HashSet<>(offsets).size(), "every send has its own offset: " + offsets);

        // the broker holds each record once
        Map<String, Object> cc = Recordings.consumerConfig(null, StringDeserializer.class, StringDeserializer.class);
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        List<ConsumerRecord<String, String>> stored;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            stored = new ArrayList<>(Recordings.poll(consumer, warm + lost));
            consumer.poll(Duration.ofMillis(300)).forEach(stored::add);
        }
        assertEquals(warm + lost, stored.size(), "no duplicate in the log");

        // the recording: one produce and one ack per send, paired, at the broker's offsets
        List<Event> events = only(Recordings.read(store), "kafka-producer");
        List<Produce> sends = ofType(events, Produce.class);
        List<Acknowledgement> acks = ofType(events, Acknowledgement.class);
        assertEquals(warm + lost, sends.size(), "one produce event per send, retries are not sends");
        assertEquals(warm + lost, acks.size(), "one ack per send");
        Map<Long, Produce> byCall = sends.stream().collect(Collectors.toMap(Produce::call, p -> p));
        Set<Long> acked = new HashSet<>();
        Map<String, Long> brokerOffset = stored.stream().collect(Collectors.toMap(ConsumerRecord::value,
                ConsumerRecord::offset));
        for (Acknowledgement a : acks) {
            assertNull(a.error(), "ack error: " + a.error());
            Produce p = byCall.get(a.call());
            assertNotNull(p, "ack without its send: " + a);
            assertTrue(acked.add(a.call()), "two acks for call " + a.call());
            assertEquals(brokerOffset.get(p.value().text()), a.offset(), "ack of " + p.value().text());
            int i = Integer.parseInt(p.value().text().substring(1));
            assertEquals(offsets.get(i), a.offset(), "the offset the application got for send " + i);
        }
    }

    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }
}
