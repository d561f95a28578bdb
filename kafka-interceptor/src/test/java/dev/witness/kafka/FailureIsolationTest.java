package dev.witness.kafka;

import dev.witness.kafka.internal.ClientSession;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Gap;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failure inside Witness never changes what the client sees, and leaves a counted gap. */
class FailureIsolationTest {
    private static final int RECORDS = 300;

    @TempDir
    Path store;

    @Test
    void aRecorderRefusingEventsChangesNothingForTheProducerAndLeavesGaps() throws Exception {
        String topic = TestBroker.topic("refused");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, SlowOnWriterSerializer.class);
        pc.put("witness.backpressure", "fail");
        pc.put("witness.queue.capacity", "16");
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        List<CompletableFuture<RecordMetadata>> callbacks = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < RECORDS; i++) {
                CompletableFuture<RecordMetadata> cb = new CompletableFuture<>();
                callbacks.add(cb);
                futures.add(producer.send(new ProducerRecord<>(topic, "k" + i, "value-" + i), (m, e) -> {
                    if (e != null) {
                        cb.completeExceptionally(e);
                    } else {
                        cb.complete(m);
                    }
                }));
            }
            for (int i = 0; i < RECORDS; i++) {
                RecordMetadata m = futures.get(i).get();
                assertEquals(i, m.offset());
                RecordMetadata cb = callbacks.get(i).get();
                assertEquals(m.toString(), cb.toString(), "the application's callback got the record's own metadata");
                assertEquals(m.offset(), cb.offset());
            }
        }
        // what a plain consumer sees: every record, unchanged
        Map<String, Object> cc = Recordings.consumerConfig(null, StringDeserializer.class, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            List<ConsumerRecord<String, String>> got = Recordings.poll(consumer, RECORDS);
            for (int i = 0; i < RECORDS; i++) {
                assertEquals("k" + i, got.get(i).key());
                assertEquals("value-" + i, got.get(i).value());
                assertEquals(0, got.get(i).headers().toArray().length);
            }
        }
        List<Event> events = only(Recordings.read(store), "kafka-producer");
        long produced = ofType(events, Produce.class).size();
        long acked = ofType(events, Acknowledgement.class).size();
        List<Gap> gaps = ofType(events, Gap.class);
        long missing = gaps.stream().mapToLong(Gap::dropped).sum();
        assertTrue(!gaps.isEmpty() && produced < RECORDS, "the queue never refused anything: the test proves nothing");
        gaps.forEach(g -> assertEquals(ClientSession.REJECTED, g.reason()));
        assertEquals(2L * RECORDS, produced + acked + missing, "every event is recorded or counted in a gap");
        ofType(events, Acknowledgement.class).forEach(a -> assertNull(a.error()));
    }
}
