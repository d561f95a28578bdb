package dev.witness.benchmarks;

import dev.witness.kafka.WitnessProducerInterceptor;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.config.WitnessConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Caller-thread cost of {@code WitnessProducerInterceptor.onSend} (the sending thread) and
 * {@code onAcknowledgement} (the producer's I/O thread) for 1 KiB records, with the Recorder's
 * writer running against a real file store.
 *
 * <p>Each invocation sends {@link #BATCH} prepared records (their {@code ProducerRecord}s are built
 * in the per-invocation setup, as the application builds them before {@code send}); before it the
 * writer has drained the queue (capacity above the batch), so every call takes the enqueue path,
 * never the full-queue one. Time is per record ({@code OperationsPerInvocation}).
 *
 * <p>Allocation: {@code -prof gc} reports every thread's allocation (the writer's included). The
 * caller thread's own bytes per record are measured with
 * {@code ThreadMXBean.getCurrentThreadAllocatedBytes} around the loop and printed at the end of
 * each trial as {@code caller-thread B/op}; likewise the thread's CPU time
 * ({@code getCurrentThreadCpuTime}) as {@code caller-thread CPU ns/op}, which leaves out the time
 * the thread stands still in the GC pauses that the writer's allocation causes (the JMH score
 * includes them).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar KafkaOnSendBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class KafkaOnSendBenchmark {
    static final int BATCH = 20_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * {@code string}: a 1 KiB String value; {@code bytes}: a 1 KiB byte[] value (copied on send);
     * {@code bytes-nocopy}: the same with {@code witness.kafka.copyValues=false} (kept by reference).
     */
    @Param({"string", "bytes", "bytes-nocopy"})
    public String value;

    /** {@code on}: the Witness interceptor; {@code off}: the same loop without it (the loop's own cost). */
    @Param({"on", "off"})
    public String witness;

    private Path dir;
    private WitnessProducerInterceptor<Object, Object> interceptor;
    private Object payload;
    private final String[] keys = new String[BATCH];
    private final ProducerRecord<Object, Object>[] records = newArray();
    private RecordMetadata metadata;
    private Recorder lease;
    private long callerBytes;
    private long callerCpu;
    private long ops;

    @SuppressWarnings("unchecked")
    private static ProducerRecord<Object, Object>[] newArray() {
        return new ProducerRecord[BATCH];
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("witness-bench-kafka");
        char[] text = new char[1024];
        Arrays.fill(text, 'x');
        String s = "{\"id\":1,\"note\":\"" + new String(text, 0, 1024 - 20) + "\"}";
        payload = value.equals("string") ? s : s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < BATCH; i++) {
            keys[i] = "key-" + i;
        }
        metadata = new RecordMetadata(new TopicPartition("orders", 0), 0, 0, 0L, 6, 1024);
        if (witness.equals("on")) {
            Map<String, Object> configs = new HashMap<>();
            configs.put("bootstrap.servers", "localhost:9092");
            configs.put("client.id", "bench");
            configs.put("key.serializer", StringSerializer.class.getName());
            configs.put("value.serializer", (value.equals("string") ? StringSerializer.class
                    : ByteArraySerializer.class).getName());
            configs.put("witness.store", "file:" + dir);
            configs.put("witness.queue.capacity", String.valueOf(4 * BATCH));
            configs.put("witness.kafka.copyValues", String.valueOf(!value.equals("bytes-nocopy")));
            interceptor = new WitnessProducerInterceptor<>();
            interceptor.configure(configs);
            // a lease on the interceptor's shared Recorder (same store and settings), to wait for its writer
            lease = Recorder.shared(WitnessConfig.builder().put("witness.store", "file:" + dir)
                    .put("witness.queue.capacity", String.valueOf(4 * BATCH)).build());
        }
    }

    @Setup(Level.Invocation)
    public void prepare() {
        if (interceptor != null) {
            // the writer drains what the last invocation queued: every send below finds room
            lease.flush();
        }
        for (int i = 0; i < BATCH; i++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", keys[i].getBytes(StandardCharsets.UTF_8));
            records[i] = new ProducerRecord<>("orders", null, keys[i], payload, headers);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void onSend(Blackhole bh) {
        WitnessProducerInterceptor<Object, Object> in = interceptor;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        if (in == null) {
            for (ProducerRecord<Object, Object> r : records) {
                bh.consume(r);
            }
        } else {
            for (ProducerRecord<Object, Object> r : records) {
                bh.consume(in.onSend(r));
            }
        }
        callerCpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
        callerBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        ops += BATCH;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void onAcknowledgement(Blackhole bh) {
        WitnessProducerInterceptor<Object, Object> in = interceptor;
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        if (in == null) {
            for (ProducerRecord<Object, Object> r : records) {
                bh.consume(r.headers());
            }
        } else {
            for (ProducerRecord<Object, Object> r : records) {
                Headers h = r.headers();
                in.onAcknowledgement(metadata, null, h);
            }
        }
        callerCpu += THREADS.getCurrentThreadCpuTime() - cpuBefore;
        callerBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
        ops += BATCH;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        System.out.printf("%ncaller-thread B/op: %.1f, caller-thread CPU ns/op: %.1f (value=%s, witness=%s)%n",
                ops == 0 ? 0.0 : (double) callerBytes / ops, ops == 0 ? 0.0 : (double) callerCpu / ops, value, witness);
        if (interceptor != null) {
            interceptor.close();
            lease.close();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
