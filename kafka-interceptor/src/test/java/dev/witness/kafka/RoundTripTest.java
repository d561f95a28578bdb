package dev.witness.kafka;

import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
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
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Produce and consume through a real broker, with the interceptors set by configuration only. */
@SuppressWarnings("try") // scopes held open around the calls
class RoundTripTest {
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xFF, (byte) 0xFE, 0x7F, 10};

    @TempDir
    Path store;

    @Test
    void textRecordsWithHeadersAreRecordedOnBothSidesWithAcksMatchedToTheirSends() throws Exception {
        String topic = TestBroker.topic("text");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.CLIENT_ID_CONFIG, "orders-writer");
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc);
             RecordingContext.Scope ignored = RecordingContext.with(Identity.of("alice"))) {
            for (int i = 0; i < 5; i++) {
                RecordHeaders headers = new RecordHeaders();
                headers.add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                headers.add("bin", BINARY);
                sent.add(producer.send(new ProducerRecord<>(topic, null, 1_700_000_000_000L + i, "k" + i,
                        "{\"n\":" + i + ",\"text\":\"héllo\"}", headers)).get());
            }
            sent.add(producer.send(new ProducerRecord<>(topic, null, null)).get()); // null key and value
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Recordings.consumerConfig(store, StringDeserializer.class, StringDeserializer.class))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            try (RecordingContext.Scope ignored = RecordingContext.with(Identity.of("bob"))) {
                Recordings.poll(consumer, 6);
            }
        }

        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Event> produced = only(sessions, "kafka-producer");
        List<Produce> sends = ofType(produced, Produce.class);
        List<Acknowledgement> acks = ofType(produced, Acknowledgement.class);
        assertEquals(6, sends.size());
        assertEquals(6, acks.size());
        for (int i = 0; i < 5; i++) {
            Produce p = sends.get(i);
            assertEquals(topic, p.topic());
            assertNull(p.partition());
            assertEquals(1_700_000_000_000L + i, p.recordTimestamp());
            assertEquals("orders-writer", p.clientId());
            assertEquals("alice", p.identity().principal());
            assertEquals(new Payload("k" + i, Payload.UTF8, 2, false, null), p.key());
            String json = "{\"n\":" + i + ",\"text\":\"héllo\"}";
            assertEquals(new Payload(json, Payload.UTF8, json.getBytes(StandardCharsets.UTF_8).length, false, null),
                    p.value());
            assertEquals("trace", p.headers().get(0).key());
            assertEquals("t-" + i, p.headers().get(0).value().text());
            assertEquals(Payload.BASE64, p.headers().get(1).value().encoding());
            assertArrayEquals(BINARY, Base64.getDecoder().decode(p.headers().get(1).value().text()));
        }
        assertNull(sends.get(5).key());
        assertNull(sends.get(5).value());
        for (Acknowledgement a : acks) {
            Produce p = sends.stream().filter(s -> s.call() == a.call()).findFirst().orElseThrow();
            int i = sends.indexOf(p);
            assertEquals(sent.get(i).offset(), a.offset(), "ack of send " + i);
            assertEquals(0, a.partition());
            assertNull(a.error());
            assertEquals("alice", a.identity().principal(), "the ack carries the identity of its send");
        }

        List<Consume> consumed = ofType(only(sessions, "kafka-consumer"), Consume.class);
        assertEquals(6, consumed.size());
        for (int i = 0; i < 5; i++) {
            Consume c = consumed.get(i);
            assertEquals(sent.get(i).offset(), c.offset());
            assertEquals(1_700_000_000_000L + i, c.recordTimestamp());
            assertEquals(sends.get(i).value(), c.value());
            assertEquals(sends.get(i).key(), c.key());
            assertEquals(sends.get(i).headers(), c.headers());
            assertEquals("bob", c.identity().principal());
        }
        assertNull(consumed.get(5).value());
    }

    @Test
    void binaryRecordsAreRecordedAsBase64AndTextBytesAsText() throws Exception {
        String topic = TestBroker.topic("bytes");
        byte[] text = "plain text ✓".getBytes(StandardCharsets.UTF_8);
        byte[] reused = BINARY.clone();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Recordings.producerConfig(store, ByteArraySerializer.class, ByteArraySerializer.class))) {
            Future<RecordMetadata> f1 = producer.send(new ProducerRecord<>(topic, BINARY, reused));
            // the application reuses its buffer once send() returned: the recording keeps what was sent
            reused[0] = 42;
            Future<RecordMetadata> f2 = producer.send(new ProducerRecord<>(topic, 0, text, text));
            f1.get();
            f2.get();
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Recordings.consumerConfig(store, ByteArrayDeserializer.class, ByteArrayDeserializer.class))) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<byte[], byte[]>> got = Recordings.poll(consumer, 2);
            assertArrayEquals(BINARY, got.get(0).value());
        }
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Produce> sends = ofType(only(sessions, "kafka-producer"), Produce.class);
        assertEquals(Payload.BASE64, sends.get(0).value().encoding());
        assertArrayEquals(BINARY, Base64.getDecoder().decode(sends.get(0).value().text()));
        assertEquals(BINARY.length, sends.get(0).value().size());
        assertEquals(0, sends.get(1).partition());
        assertEquals(Payload.UTF8, sends.get(1).value().encoding());
        assertEquals("plain text ✓", sends.get(1).value().text());
        List<Consume> consumed = ofType(only(sessions, "kafka-consumer"), Consume.class);
        assertEquals(sends.get(0).value(), consumed.get(0).value());
        assertEquals(sends.get(1).value(), consumed.get(1).value());
    }

    @Test
    void withoutCopiesByteArrayValuesAreRecordedFromTheApplicationsOwnArrays() throws Exception {
        String topic = TestBroker.topic("nocopy");
        Map<String, Object> pc = Recordings.producerConfig(store, ByteArraySerializer.class, ByteArraySerializer.class);
        pc.put("witness.kafka.copyValues", "false");
        byte[] text = "{\"id\":7,\"note\":\"ünïcode 😀\"}".getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc)) {
            // the application never changes a value it sent: the contract of copyValues=false
            producer.send(new ProducerRecord<>(topic, BINARY, BINARY)).get();
            producer.send(new ProducerRecord<>(topic, text, text)).get();
        }
        List<Produce> sends = ofType(only(Recordings.read(store), "kafka-producer"), Produce.class);
        assertEquals(Payload.BASE64, sends.get(0).value().encoding());
        assertArrayEquals(BINARY, Base64.getDecoder().decode(sends.get(0).value().text()));
        assertEquals(Payload.UTF8, sends.get(1).value().encoding());
        assertEquals(new String(text, StandardCharsets.UTF_8), sends.get(1).value().text());
        assertEquals(sends.get(1).value(), sends.get(1).key());
    }

    @Test
    void sendsInsideASessionScopeGoToTheScopeSessionWithTheirAcks() throws Exception {
        String topic = TestBroker.topic("scoped");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class))) {
            producer.send(new ProducerRecord<>(topic, "outside")).get();
            try (RecordingContext.Scope ignored = RecordingContext.session("nightly-job")) {
                producer.send(new ProducerRecord<>(topic, "inside")).get();
            }
        }
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Event> own = only(sessions, "kafka-producer");
        List<Event> scope = only(sessions, "scope");
        assertEquals("outside", ofType(own, Produce.class).get(0).value().text());
        assertEquals(1, ofType(own, Acknowledgement.class).size());
        assertEquals("inside", ofType(scope, Produce.class).get(0).value().text());
        assertEquals(1, ofType(scope, Acknowledgement.class).size());
        assertEquals(ofType(scope, Produce.class).get(0).call(), ofType(scope, Acknowledgement.class).get(0).call());
        assertFalse(ofType(scope, Acknowledgement.class).get(0).offset() < 0);
    }
}
