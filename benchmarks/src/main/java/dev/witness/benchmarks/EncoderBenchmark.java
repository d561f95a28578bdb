package dev.witness.benchmarks;

import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Column;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.EventEncoder;
import dev.witness.recorder.format.SessionFields;
import org.openjdk.jmh.annotations.*;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writer-thread cost of encoding and hash-chaining one line (no masking rules): a bare statement,
 * and the line of a whole point select as the JDBC interceptor records it in {@code rows} mode
 * (statement, its parameter, the five columns and the row read), so that the writer's cost per
 * execution can be set against the statement's own time; and the two lines of one Kafka record
 * produced with a 1 KiB text value as ProducerPerformance sends it (the produce and its ack), to
 * split the producer writer's CPU per record (docs/benchmarks.md).
 */
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
    private final Statement pointSelect = new Statement(1_763_840_000_000_000L, Identity.of("alice"), 2, "query",
            "select id, name, email, balance, created_at from customers where id = ?", 41_000,
            List.of(List.of(new Parameter(1, null, "customers.id", "BIGINT", "42"))), null,
            new Result(1_763_840_000_000_400L, null, 2, List.of(new Column("ID", "CUSTOMERS", "BIGINT"),
                    new Column("NAME", "CUSTOMERS", "VARCHAR"), new Column("EMAIL", "CUSTOMERS", "VARCHAR"),
                    new Column("BALANCE", "CUSTOMERS", "NUMERIC"), new Column("CREATED_AT", "CUSTOMERS", "TIMESTAMP")),
                    List.of(List.of("42", "Customer 42", "customer42@example.com", "57.54", "2023-11-14 22:55:20.0")),
                    1, false));
    private final SessionFields kafka = new SessionFields("01M82YCSRG1C8K0ESZG67K4684", "kafka-producer",
            "kafka://localhost:9092");
    private final Produce produce = new Produce(1_763_840_000_000_000L, null, 104, "witness-perf", null, null,
            List.of(), null, Payload.ofBytes(perfPayload(), 1024, false, null), "perf-producer-client", null);
    private final Acknowledgement ack = new Acknowledgement(1_763_840_000_002_000L, null, 104, "witness-perf", 0,
            103, null);
    private String prev = encoder.genesis(session.sessionId());
    private long seq;

    @Benchmark
    public byte[] encodeStatement() {
        byte[] line = encoder.encode(session, seq++, event, prev);
        prev = encoder.lastHash();
        return line;
    }

    @Benchmark
    public byte[] encodePointSelectLine() {
        byte[] line = encoder.encode(session, seq++, pointSelect, prev);
        prev = encoder.lastHash();
        return line;
    }

    @Benchmark
    public byte[] encodeProduceLine1KiB() {
        byte[] line = encoder.encode(kafka, seq++, produce, prev);
        prev = encoder.lastHash();
        return line;
    }

    @Benchmark
    public byte[] encodeAckLine() {
        byte[] line = encoder.encode(kafka, seq++, ack, prev);
        prev = encoder.lastHash();
        return line;
    }

    /** 1 KiB of uppercase letters, as kafka-tools' ProducerPerformance makes its payload. */
    private static byte[] perfPayload() {
        byte[] b = new byte[1024];
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) ('A' + r.nextInt(26));
        }
        return b;
    }
}
