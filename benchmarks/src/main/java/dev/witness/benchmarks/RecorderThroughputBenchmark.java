package dev.witness.benchmarks;

import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Statement;
import org.openjdk.jmh.annotations.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end events per second through the Recorder into the file store with {@code block}
 * backpressure (nothing lost): capture, queue, masking (pass-through), JSON encoding, hash
 * chain, append and fsync per batch. Two producer threads on this 2-core machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RecorderThroughputBenchmark {
    @Param({"batch", "async"})
    public String durability;

    private Path dir;
    private Recorder recorder;
    private RecordingSession session;
    private final Identity alice = Identity.of("alice");

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("witness-bench-recorder");
        recorder = Recorder.builder().config(WitnessConfig.builder().put("witness.store", "file:" + dir)
                .put("witness.durability", durability).build()).build();
        session = recorder.openSession(SessionSpec.of("jdbc", "h2:mem:bench"));
    }

    @Benchmark
    @Threads(2)
    public void record() {
        session.record(new Statement(WitnessClock.nowMicros(), alice, 1, "query",
                "select id, name, email from customers where id = ?", 12_000));
    }

    @TearDown
    public void tearDown() throws Exception {
        session.close();
        recorder.close();
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
