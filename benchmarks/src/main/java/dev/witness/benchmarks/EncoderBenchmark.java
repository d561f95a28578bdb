package dev.witness.benchmarks;

import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.EventEncoder;
import dev.witness.recorder.format.SessionFields;
import org.openjdk.jmh.annotations.*;

import java.util.concurrent.TimeUnit;

/** Writer-thread cost of encoding and hash-chaining one statement event (no masking rules). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class EncoderBenchmark {
    private final EventEncoder encoder = new EventEncoder(Masker.passThrough());
    private final SessionFields session = new SessionFields("01M82EV55R7EBGZZ5C85MJ5E56", "jdbc", "h2:mem:bench");
    private final Statement event = new Statement(1_763_840_000_000_000L, Identity.of("alice").with("ticket", "OPS-42"),
            1, "query", "select id, name, email from customers where id = ?", 12_000);
    private String prev = encoder.genesis(session.sessionId());
    private long seq;

    @Benchmark
    public byte[] encodeStatement() {
        byte[] line = encoder.encode(session, seq++, event, prev);
        prev = encoder.lastHash();
        return line;
    }
}
