package dev.witness.kafka;

import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values of 10 MiB or more are recorded capped, with their size and the SHA-256 of the whole value. */
class LargeValueTest {
    private static final int TEN_MIB = 10 << 20;

    @TempDir
    Path store;

    @Test
    void aTenMebibyteValueIsCappedOnBothSidesAndStillFlowsWhole() throws Exception {
        String topic = TestBroker.topic("large");
        byte[] value = new byte[TEN_MIB];
        Arrays.fill(value, (byte) 'a');
        value[TEN_MIB - 1] = 'z';
        byte[] smaller = new byte[TEN_MIB - 1];
        for (int i = 0; i < smaller.length; i++) {
            smaller[i] = (byte) (i * 31);
        }
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, ByteArraySerializer.class);
        pc.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(15 << 20));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(pc)) {
            producer.send(new ProducerRecord<>(topic, "big", value)).get();
            producer.send(new ProducerRecord<>(topic, "just-below", smaller)).get();
        }
        Map<String, Object> cc = Recordings.consumerConfig(store, ByteArrayDeserializer.class,
                ByteArrayDeserializer.class);
        cc.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(24 << 20));
        cc.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(24 << 20));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            assertArrayEquals(value, Recordings.poll(consumer, 2).get(0).value(), "the record flows whole");
        }
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
        var sessions = Recordings.read(store);
        Payload produced = ofType(only(sessions, "kafka-producer"), Produce.class).get(0).value();
        Payload consumed = ofType(only(sessions, "kafka-consumer"), Consume.class).get(0).value();
        for (Payload p : List.of(produced, consumed)) {
            assertTrue(p.truncated());
            assertEquals(TEN_MIB, p.size());
            assertEquals(sha, p.sha256());
            assertEquals(Payload.UTF8, p.encoding());
            assertEquals("a".repeat(1024), p.text());
        }
        Payload below = ofType(only(sessions, "kafka-producer"), Produce.class).get(1).value();
        assertFalse(below.truncated());
        assertNull(below.sha256());
        assertEquals(Payload.BASE64, below.encoding());
        assertArrayEquals(smaller, Base64.getDecoder().decode(below.text()));
    }
}
