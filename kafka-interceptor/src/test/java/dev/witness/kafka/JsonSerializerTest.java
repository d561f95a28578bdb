package dev.witness.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Header;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON serializers, an application's own (Jackson) and Spring Kafka's {@code JsonSerializer}
 * (which adds a {@code __TypeId__} header while serializing): the recording holds the very bytes
 * and headers a plain consumer gets from the broker, as readable JSON text.
 */
class JsonSerializerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The application's value type. */
    public record Order(String id, String customer, BigDecimal amount, List<String> items) {
    }

    @TempDir
    Path store;

    @Test
    void anApplicationsJacksonSerializerIsRecordedAsTheJsonTheBrokerGot() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> raw = roundTrip(JacksonSerializer.class.getName());
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Produce> sends = verify(sessions, raw);
        JsonNode first = JSON.readTree(sends.get(0).value().text());
        assertEquals("o-0", first.get("id").asText());
        assertEquals("Zoë", first.get("customer").asText());
        assertTrue(sends.get(0).value().text().contains("\"amount\":10.50"), sends.get(0).value().text());
        sends.forEach(p -> assertTrue(p.headers().isEmpty(), "no headers: " + p.headers()));
    }

    @Test
    void springKafkasJsonSerializerIsRecordedWithTheTypeHeaderItAdds() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> raw = roundTrip("org.springframework.kafka.support.serializer.JsonSerializer");
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Produce> sends = verify(sessions, raw);
        for (Produce p : sends.subList(0, 3)) { // not the tombstone: no value, no type
            Header type = p.headers().stream().filter(h -> h.key().equals("__TypeId__")).findFirst().orElseThrow();
            assertEquals(Order.class.getName(), type.value().text());
        }
    }

    /** Sends three orders with Witness, reads them back raw (no Witness) and with Witness. */
    private List<ConsumerRecord<byte[], byte[]>> roundTrip(String valueSerializer) throws Exception {
        String topic = TestBroker.topic("json");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, Order> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < 3; i++) {
                Order o = new Order("o-" + i, i == 0 ? "Zoë" : "c" + i, new BigDecimal("10.50").add(BigDecimal.valueOf(i)),
                        List.of("item-" + i, "gift \"wrap\""));
                sent.add(producer.send(new ProducerRecord<>(topic, "o-" + i, o)).get());
            }
            sent.add(producer.send(new ProducerRecord<>(topic, "o-null", null)).get()); // a tombstone
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        List<ConsumerRecord<byte[], byte[]>> raw;
        try (KafkaConsumer<byte[], byte[]> plain = new KafkaConsumer<>(
                Recordings.consumerConfig(null, ByteArrayDeserializer.class, ByteArrayDeserializer.class))) {
            plain.assign(List.of(tp));
            raw = Recordings.poll(plain, 4);
        }
        try (KafkaConsumer<String, String> recorded = new KafkaConsumer<>(
                Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class))) {
            recorded.assign(List.of(tp));
            Recordings.poll(recorded, 4);
        }
        for (int i = 0; i < 4; i++) {
            assertEquals(sent.get(i).offset(), raw.get(i).offset());
        }
        return raw;
    }

    /** Every produce, ack and consume event against the bytes the broker holds. */
    private static List<Produce> verify(Map<SessionDescriptor, List<Event>> sessions,
                                        List<ConsumerRecord<byte[], byte[]>> raw) {
        List<Event> produced = only(sessions, "kafka-producer");
        List<Produce> sends = ofType(produced, Produce.class);
        List<Acknowledgement> acks = ofType(produced, Acknowledgement.class);
        List<Consume> consumed = ofType(only(sessions, "kafka-consumer"), Consume.class);
        assertEquals(4, sends.size());
        assertEquals(4, acks.size());
        assertEquals(4, consumed.size());
        for (int i = 0; i < 4; i++) {
            ConsumerRecord<byte[], byte[]> r = raw.get(i);
            Produce p = sends.get(i);
            assertEquals(new String(r.key(), StandardCharsets.UTF_8), p.key().text());
            if (r.value() == null) {
                assertNull(p.value());
                assertNull(consumed.get(i).value());
            } else {
                String text = new String(r.value(), StandardCharsets.UTF_8);
                assertEquals(new Payload(text, Payload.UTF8, r.value().length, false, null), p.value(),
                        "the recorded value is the broker's bytes");
                assertEquals(p.value(), consumed.get(i).value());
            }
            List<Header> brokerHeaders = new ArrayList<>();
            r.headers().forEach(h -> brokerHeaders.add(new Header(h.key(),
                    new Payload(new String(h.value(), StandardCharsets.UTF_8), Payload.UTF8, h.value().length, false,
                            null))));
            assertEquals(brokerHeaders, p.headers(), "the recorded headers are the broker's");
            assertEquals(p.headers(), consumed.get(i).headers());
            long call = p.call();
            Acknowledgement a = acks.stream().filter(x -> x.call() == call).findFirst().orElseThrow();
            assertEquals(r.offset(), a.offset());
            assertEquals(r.offset(), consumed.get(i).offset());
        }
        return sends;
    }
}
