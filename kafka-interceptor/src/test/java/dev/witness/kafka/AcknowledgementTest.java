package dev.witness.kafka;

import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Acknowledgements, good and bad, paired with their sends. */
class AcknowledgementTest {
    @TempDir
    Path store;

    @Test
    void errorsFromTheBrokerAndFromInsideSendAreRecordedWithTheirSend() throws Exception {
        String small = TestBroker.topic("small");
        TestBroker.createTopic(small, 1, Map.of("max.message.bytes", "1024"));
        String one = TestBroker.topic("one-partition");
        TestBroker.createTopic(one, 1, Map.of());
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
        List<CompletableFuture<Exception>> callbacks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            producer.send(new ProducerRecord<>(small, "fits")).get();
            // the broker refuses it (the topic's max.message.bytes), after the client sent it
            ExecutionException tooLarge = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(small, "x".repeat(4096))).get());
            assertInstanceOf(RecordTooLargeException.class, tooLarge.getCause());
            // partition 7 of a one-partition topic: the client gives up inside send() after max.block.ms
            CompletableFuture<Exception> cb = new CompletableFuture<>();
            callbacks.add(cb);
            Future<RecordMetadata> badPartition = producer.send(new ProducerRecord<>(one, 7, "k", "nowhere"),
                    (m, e) -> cb.complete(e));
            ExecutionException timeout = assertThrows(ExecutionException.class, badPartition::get);
            assertInstanceOf(TimeoutException.class, timeout.getCause());
            producer.send(new ProducerRecord<>(one, 0, "k", "somewhere")).get();
        }
        assertInstanceOf(TimeoutException.class, callbacks.get(0).get(), "the application's callback is unchanged");

        List<Event> events = only(Recordings.read(store), "kafka-producer");
        List<Produce> sends = ofType(events, Produce.class);
        List<Acknowledgement> acks = ofType(events, Acknowledgement.class);
        assertEquals(4, sends.size());
        assertEquals(4, acks.size());
        for (int i = 0; i < 4; i++) {
            Produce p = sends.get(i);
            Acknowledgement a = acks.stream().filter(x -> x.call() == p.call()).findFirst().orElseThrow(
                    () -> new AssertionError("no ack for send " + p.call() + " in " + acks));
            switch (i) {
                case 0, 3 -> {
                    assertNull(a.error());
                    assertTrue(a.offset() >= 0);
                }
                case 1 -> {
                    assertTrue(a.error().startsWith(RecordTooLargeException.class.getName()), a.error());
                    assertEquals(-1, a.offset());
                    assertEquals(4096, p.value().size());
                }
                case 2 -> {
                    assertTrue(a.error().startsWith(TimeoutException.class.getName()), a.error());
                    assertEquals(-1, a.offset());
                    assertEquals(7, p.partition());
                }
                default -> throw new AssertionError();
            }
        }
    }

    @Test
    void theAcknowledgementsOfOneResponseShareALinePerIdentity() throws Exception {
        String topic = TestBroker.topic("acks-share");
        TestBroker.createTopic(topic, 1, Map.of());
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.LINGER_MS_CONFIG, "200"); // many records per batch: one response acknowledges them all
        int n = 600;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < n; i++) {
                // the first 400 as alice, then bob and alice in turns: a line never spans two identities
                Identity who = Identity.of(i < 400 || i % 2 == 0 ? "alice" : "bob");
                try (RecordingContext.Scope ignored = RecordingContext.with(who)) {
                    producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
                }
            }
            producer.flush();
        }
        List<Event> events = only(Recordings.read(store), "kafka-producer");
        List<Produce> sends = ofType(events, Produce.class);
        List<Acknowledgement> acks = ofType(events, Acknowledgement.class);
        assertEquals(n, sends.size());
        assertEquals(n, acks.size(), "one acknowledgement per record once the lines are split");
        long first = acks.get(0).offset();
        for (int i = 0; i < n; i++) {
            Produce p = sends.get(i);
            Acknowledgement a = acks.get(i);
            assertEquals(p.call(), a.call(), "acknowledgements in send order (one partition)");
            assertEquals(first + i, a.offset());
            assertEquals(p.identity(), a.identity(), "ack of call " + a.call());
            assertNull(a.error());
        }
        long ackLines = ofType(only(Recordings.readLines(store), "kafka-producer"), Acknowledgement.class).size();
        // at least 200 lines for the alternating tail; the 400 of alice's first run share a few
        assertTrue(ackLines >= 200 && ackLines < 300, ackLines + " ack lines for " + n + " records");
    }
}
