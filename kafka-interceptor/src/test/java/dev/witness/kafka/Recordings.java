package dev.witness.kafka;

import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client configs with the interceptors, and the read-back of a store after the clients closed. */
final class Recordings {
    private Recordings() {
    }

    static Map<String, Object> producerConfig(Path store, Class<?> keySerializer, Class<?> valueSerializer) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer.getName());
        c.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessProducerInterceptor.class.getName());
        c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        c.put("witness.store", "file:" + store);
        return c;
    }

    static Map<String, Object> consumerConfig(Path store, Class<?> keyDeserializer, Class<?> valueDeserializer) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, keyDeserializer.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, valueDeserializer.getName());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (store != null) {
            c.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessConsumerInterceptor.class.getName());
            c.put("witness.store", "file:" + store);
        }
        return c;
    }

    /** Polls until {@code n} records arrived (or fails after 20 s). */
    static <K, V> List<ConsumerRecord<K, V>> poll(KafkaConsumer<K, V> consumer, int n) {
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (out.size() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + out.size() + " of " + n + " records arrived");
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }

    /**
     * Every session of the store with its events (a line that carries several, such as the
     * acknowledgements of one response, gives each), each session verified; read after the clients closed.
     */
    static Map<SessionDescriptor, List<Event>> read(Path store) {
        return read(store, true);
    }

    /** Like {@link #read(Path)}, but one event per stored line. */
    static Map<SessionDescriptor, List<Event>> readLines(Path store) {
        return read(store, false);
    }

    private static Map<SessionDescriptor, List<Event>> read(Path store, boolean parts) {
        WitnessConfig config = WitnessConfig.builder().put(CoreKeys.STORE, "file:" + store).build();
        Map<SessionDescriptor, List<Event>> out = new LinkedHashMap<>();
        try (RecordingReader reader = RecordingReader.open(config)) {
            for (SessionDescriptor d : reader.sessions(SessionQuery.builder().limit(1000).build()).sessions()) {
                Verification v = reader.verify(d.id());
                assertEquals(Verification.Status.OK, v.status(), v.toString());
                out.put(d, reader.events(d.id()).stream()
                        .flatMap(e -> parts ? e.event().parts().stream() : Stream.of(e.event()))
                        .collect(Collectors.toList()));
            }
        }
        return out;
    }

    /** The events of the one session of {@code source}. */
    static List<Event> only(Map<SessionDescriptor, List<Event>> sessions, String source) {
        List<List<Event>> found = sessions.entrySet().stream().filter(e -> e.getKey().source().equals(source))
                .map(Map.Entry::getValue).toList();
        assertEquals(1, found.size(), "sessions of " + source + ": " + sessions.keySet());
        return found.get(0);
    }

    static <T extends Event> List<T> ofType(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
