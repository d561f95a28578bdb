package dev.witness.kafka;

import dev.witness.kafka.internal.PayloadEncoder;
import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The rough measurement behind the serialization decision in docs/kafka.md: the writer-thread
 * re-serialization that ships, against a wrapping-serializer prototype that hands the real bytes
 * over from inside the producer's own serialize call. Not part of the build: run with
 * {@code mvn -pl kafka-interceptor verify -Dtest=SerializationCostMeasurement -Dkafka.measure=true}.
 *
 * <p>Per variant it sends {@link #RECORDS} 1 KiB String records through a real producer to the
 * in-process broker and reports the sending thread's CPU and allocation per record, the writer
 * thread's CPU per record, and throughput. Rounds alternate A B C A B C.
 */
@EnabledIfSystemProperty(named = "kafka.measure", matches = "true")
class SerializationCostMeasurement {
    private static final int RECORDS = 100_000;
    private static final int ROUNDS = 3;
    private static final String VALUE = "x".repeat(1024);

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        String topic = TestBroker.topic("measure");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < ROUNDS; round++) {
            for (String variant : List.of("none", "writer-reserialize", "wrapping-serializer")) {
                Path store = dir.resolve(variant + round);
                Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class,
                        StringSerializer.class);
                pc.put("witness.queue.capacity", String.valueOf(1 << 18));
                pc.put(ProducerConfig.LINGER_MS_CONFIG, "5");
                switch (variant) {
                    case "none" -> pc.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
                    case "wrapping-serializer" -> {
                        pc.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, PrototypeInterceptor.class.getName());
                        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, PrototypeSerializer.class.getName());
                    }
                    default -> { }
                }
                Recorder lease = variant.equals("none") ? null : Recorder.shared(WitnessConfig.load(pc, "test"));
                Thread writer = newestWriter();
                long writerBefore = writer == null ? 0 : mx.getThreadCpuTime(writer.getId());
                long t0 = System.nanoTime();
                long sendCpu;
                long sendAlloc;
                double secs;
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
                    long sendCpu0 = mx.getCurrentThreadCpuTime();
                    long sendAlloc0 = allocated();
                    for (int i = 0; i < RECORDS; i++) {
                        producer.send(new ProducerRecord<>(topic, VALUE));
                    }
                    sendCpu = mx.getCurrentThreadCpuTime() - sendCpu0;
                    sendAlloc = allocated() - sendAlloc0;
                    producer.flush();
                    if (lease != null) {
                        lease.flush(); // every captured event converted and stored
                    }
                    secs = (System.nanoTime() - t0) / 1e9;
                }
                long writerCpu = writer == null ? 0 : mx.getThreadCpuTime(writer.getId()) - writerBefore;
                PrototypeInterceptor.closeAll();
                if (lease != null) {
                    lease.close();
                }
                System.out.printf("round %d %-20s send-thread %5.0f ns/rec %5.0f B/rec | writer %6.0f ns/rec"
                                + " | %6.0f rec/s (incl. writer drain)%n", round, variant, sendCpu / (double) RECORDS,
                        sendAlloc / (double) RECORDS, writerCpu / (double) RECORDS, RECORDS / secs);
            }
        }
    }

    /** The live witness writer thread started last (one Recorder per store: each variant has its own). */
    private static Thread newestWriter() {
        Thread newest = null;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("witness-writer") && (newest == null || t.getId() > newest.getId())) {
                newest = t;
            }
        }
        return newest;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /**
     * Prototype B, interceptor half: captures the record's facts (no key or value objects) and leaves
     * them for the wrapping serializer, which runs right after on the same thread.
     */
    public static class PrototypeInterceptor implements ProducerInterceptor<String, String> {
        static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();
        static volatile Recorder recorder;
        static volatile RecordingSession session;
        static final PayloadEncoder PAYLOADS = new PayloadEncoder(10 << 20, 1024);

        @Override
        public void configure(Map<String, ?> configs) {
            recorder = Recorder.shared(WitnessConfig.load(configs, "producer config"));
            session = recorder.openSession(SessionSpec.of("kafka-producer", "prototype"));
        }

        @Override
        public ProducerRecord<String, String> onSend(ProducerRecord<String, String> record) {
            PENDING.set(new Pending(WitnessClock.nowMicros(), record.topic(), record.partition(),
                    record.timestamp(), record.headers()));
            return record;
        }

        @Override
        public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
            // as many events as the shipped design (a send and its ack), without the pairing
            long now = WitnessClock.nowMicros();
            session.record(() -> new Acknowledgement(now, null, 0, metadata.topic(), metadata.partition(),
                    metadata.offset(), exception == null ? null : exception.toString()));
        }

        @Override
        public void close() {
        }

        static void closeAll() {
            RecordingSession s = session;
            Recorder r = recorder;
            if (s != null) {
                s.close();
                session = null;
            }
            if (r != null) {
                r.close();
                recorder = null;
            }
        }
    }

    /** Prototype B, serializer half: serializes once, for the producer, and hands the bytes to the capture. */
    public static class PrototypeSerializer implements Serializer<String> {
        private final StringSerializer delegate = new StringSerializer();

        @Override
        public byte[] serialize(String topic, String data) {
            return serialize(topic, null, data);
        }

        @Override
        public byte[] serialize(String topic, Headers headers, String data) {
            byte[] bytes = delegate.serialize(topic, headers, data);
            Pending p = PrototypeInterceptor.PENDING.get();
            if (p != null) {
                PrototypeInterceptor.PENDING.remove();
                p.value = bytes;
                PrototypeInterceptor.session.record(p);
            }
            return bytes;
        }
    }

    static final class Pending implements DeferredEvent {
        final long time;
        final String topic;
        final Integer partition;
        final Long timestamp;
        final Headers headers;
        byte[] value;

        Pending(long time, String topic, Integer partition, Long timestamp, Headers headers) {
            this.time = time;
            this.topic = topic;
            this.partition = partition;
            this.timestamp = timestamp;
            this.headers = headers;
        }

        @Override
        public Event toEvent() {
            return new Produce(time, RecordingContext.currentIdentity(), 0, topic, partition, timestamp,
                    PrototypeInterceptor.PAYLOADS.headers(headers.toArray()), null,
                    PrototypeInterceptor.PAYLOADS.bytes(value), null, null);
        }
    }
}
