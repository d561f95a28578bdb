package dev.witness.benchmarks;

import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
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
 * Caller-thread cost of capturing one event: build the event (timestamp, identity from the
 * context) and hand it to the Recorder, with the writer running against a real file store.
 *
 * <p>{@code drop} measures the capture itself: the caller never waits, whatever the writer's
 * pace (events the writer cannot take in time are counted and become gap events).
 * {@code block} shows the sustained end-to-end rate: the caller is held to the writer's pace,
 * so its time per event is the writer's, not the capture's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CaptureBenchmark {
    @Param({"drop", "block"})
    public String backpressure;

    private Path dir;
    private Recorder recorder;
    private RecordingSession session;
    private RecordingContext.Scope identity;
    private long call;

    @Setup
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("witness-bench-capture");
        recorder = Recorder.builder().config(WitnessConfig.builder()
                .put("witness.store", "file:" + dir)
                .put("witness.backpressure", backpressure)
                .build()).build();
        identity = RecordingContext.with(Identity.of("alice").with("ticket", "OPS-42"));
        session = recorder.openSession(SessionSpec.of("jdbc", "h2:mem:bench"));
    }

    @Benchmark
    public void captureStatement() {
        session.record(new Statement(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), ++call, "query",
                "select id, name, email from customers where id = ?", 12_000));
    }

    @TearDown
    public void tearDown() throws Exception {
        session.close();
        recorder.close();
        identity.close();
        System.out.println("\n" + backpressure + ": " + recorder.stats());
        Files.walk(dir).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
}
