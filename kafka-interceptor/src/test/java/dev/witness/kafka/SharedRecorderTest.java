package dev.witness.kafka;

import dev.witness.recorder.Recorder;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.witness.kafka.Recordings.ofType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariant 6: ten producers naming one store share one Recorder, and the store is opened once. */
class SharedRecorderTest {
    private static final int PRODUCERS = 10;
    private static final int RECORDS = 20;

    @TempDir
    Path store;

    @Test
    void tenProducersShareOneRecorderAndOneStore() throws Exception {
        String topic = TestBroker.topic("shared");
        List<KafkaProducer<String, String>> producers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        // a lease of our own, taken before any producer: the store is open once, here, and stays so
        WitnessConfig config = WitnessConfig.builder().put(CoreKeys.STORE, "file:" + store).build();
        try (Recorder lease = Recorder.shared(config)) {
            for (int i = 0; i < PRODUCERS; i++) {
                Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class,
                        StringSerializer.class);
                pc.put(ProducerConfig.CLIENT_ID_CONFIG, "p" + i);
                // a second opening of the file store would fail on its lock: each producer would throw here
                producers.add(new KafkaProducer<>(pc));
            }
            List<Future<?>> done = new ArrayList<>();
            for (KafkaProducer<String, String> p : producers) {
                done.add(pool.submit(() -> {
                    for (int r = 0; r < RECORDS; r++) {
                        p.send(new ProducerRecord<>(topic, "r" + r));
                    }
                    p.flush();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            producers.forEach(KafkaProducer::close);
            producers.clear();
            // every producer's events went through the one Recorder we hold
            // (per producer: its sends, their acks, the session start and end)
            assertTrue(lease.stats().enqueued() >= PRODUCERS * (RECORDS * 2L + 2), lease.stats().toString());
        } finally {
            producers.forEach(KafkaProducer::close);
            pool.shutdownNow();
        }
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        assertEquals(PRODUCERS, sessions.size());
        sessions.forEach((d, events) -> {
            assertEquals(RECORDS, ofType(events, Produce.class).size(), d.toString());
            assertEquals(RECORDS, ofType(events, Acknowledgement.class).size(), d.toString());
        });
    }
}
