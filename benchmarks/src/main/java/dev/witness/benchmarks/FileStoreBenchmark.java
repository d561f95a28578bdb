package dev.witness.benchmarks;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreProviders;
import org.openjdk.jmh.annotations.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Sustained append throughput of the file store: batches of 512 encoded events of ~300 bytes
 * spread over 16 sessions, each batch appended and then synced ({@code batch} durability), or
 * synced per event as {@code sync} durability with one caller at a time would need.
 * Throughput is in events per second (one operation = one event).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class FileStoreBenchmark {
    static final int BATCH = 512;
    static final int SESSIONS = 16;

    private Path dir;
    private RecordingStore store;
    private List<SessionDescriptor> sessions;
    private byte[] payload;
    private long sequence;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("witness-bench-store");
        store = StoreProviders.forScheme("file", getClass().getClassLoader()).open(StoreConfig.of("file:" + dir));
        sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(new SessionDescriptor("01JBENCH" + String.format("%018d", i), "jdbc", "h2:mem:bench", "alice",
                    "bench", "host", 1, Instant.now(), null, 0, Map.of()));
        }
        store.append(new AppendBatch(sessions, List.of(), List.of()));
        String line = "{\"v\":1,\"sid\":\"01JBENCH000000000000000000\",\"seq\":1,\"ts\":\"2026-11-22T20:30:00.123456Z\","
                + "\"type\":\"statement\",\"who\":{\"principal\":\"alice\"},\"call\":1,\"kind\":\"query\","
                + "\"sql\":\"select id, name from customers where id = ?\",\"dur_ns\":12000,\"prev\":\""
                + "0".repeat(64) + "\",\"hash\":\"" + "f".repeat(64) + "\"}";
        payload = line.getBytes(StandardCharsets.UTF_8);
    }

    private AppendBatch nextBatch(int size) {
        List<EncodedEvent> events = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            SessionDescriptor s = sessions.get(i % SESSIONS);
            events.add(new EncodedEvent(s.id(), sequence++, 1_763_840_000_000_000L, payload));
        }
        return AppendBatch.of(events);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void batchDurability() {
        store.append(nextBatch(BATCH));
        store.sync();
    }

    @Benchmark
    public void syncPerEvent() {
        store.append(nextBatch(1));
        store.sync();
    }

    @TearDown
    public void tearDown() throws Exception {
        store.close();
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
