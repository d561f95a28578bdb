package dev.witness.examples;

import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.*;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The README's demo: records a few sessions through the public API on the embedded defaults
 * (file store in ./witness-recordings), then lists them, prints one and verifies them all.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) {
        WitnessConfig config = WitnessConfig.builder().fromEnvironment()
                .put(CoreKeys.APPLICATION.name(), "witness-demo").build();
        PrintStream out = System.out;
        out.println("Witness demo: recording into " + config.get(CoreKeys.STORE));

        String first = record(config);

        try (RecordingReader reader = RecordingReader.open(config)) {
            out.println();
            out.println("Sessions recorded in this run:");
            out.printf("  %-26s  %-15s  %-8s  %-18s  %6s  %s%n", "SESSION", "SOURCE", "WHO", "TARGET", "EVENTS", "STARTED");
            SessionPage page = reader.sessions(SessionQuery.builder()
                    .from(Instant.now().minusSeconds(60)).limit(50).build());
            for (SessionDescriptor d : page.sessions()) {
                if (d.id().compareTo(first) < 0) continue;
                out.printf("  %-26s  %-15s  %-8s  %-18s  %6d  %s%n", d.id(), d.source(), d.identity(), d.target(),
                        d.eventCount(), d.startedAt());
            }

            out.println();
            out.println("Session " + first + " read back:");
            for (RecordedEvent e : reader.events(first)) {
                out.println("  " + describe(e));
            }

            Path export = Path.of("target", first + ".jsonl");
            exportSession(reader, first, export);
            out.println();
            out.println("Exported it as JSON Lines: " + export.toAbsolutePath());
            out.println("  jq -r 'select(.type==\"statement\") | [.ts, .who.principal, .sql] | @tsv' " + export);

            out.println();
            out.println("Verification of the hash chains:");
            for (SessionDescriptor d : page.sessions()) {
                if (d.id().compareTo(first) < 0) continue;
                Verification v = reader.verify(d.id());
                out.printf("  %s  %s  (%d events)%n", d.id(), v.status(), v.events());
            }
            RecordingReader.StoreVerification all = reader.verifyAll(v -> { });
            out.printf("%nWhole store: %d sessions verify, %d fail.%n", all.verified(), all.failed());
            out.println("Read the raw lines with jq: see docs/format.md.");
        }
    }

    /** Records three sessions as two users; returns the first session's id. */
    private static String record(WitnessConfig config) {
        String first;
        try (Recorder recorder = Recorder.builder().config(config).build()) {
            try (RecordingContext.Scope who = RecordingContext.with(Identity.of("alice").with("ticket", "OPS-42"));
                 RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "h2:mem:shop"))) {
                first = s.id();
                Identity alice = RecordingContext.currentIdentity();
                s.record(new Statement(now(), alice, 1, "query", "select id, name from customers where id = ?", 85_000));
                s.record(new Parameters(now(), alice, 1, List.of(List.of(new Parameter(1, null, "customers.id", "INTEGER", "42")))));
                s.record(new Result(now(), alice, 1, List.of(new Column("ID", "CUSTOMERS", "INTEGER"),
                        new Column("NAME", "CUSTOMERS", "VARCHAR")), List.of(List.of("42", "Ada Lovelace")), 1, false));
                s.record(new Transaction(now(), alice, "begin", null));
                s.record(new Statement(now(), alice, 2, "update", "update customers set name = ? where id = ?", 120_000));
                s.record(new Parameters(now(), alice, 2, List.of(List.of(new Parameter(1, null, "customers.name", "VARCHAR", "Ada King"),
                        new Parameter(2, null, "customers.id", "INTEGER", "42")))));
                s.record(new UpdateCount(now(), alice, 2, List.of(1L), List.of()));
                s.record(new Transaction(now(), alice, "rollback", null));
            }
            try (RecordingContext.Scope who = RecordingContext.with(Identity.of("bob"));
                 RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "h2:mem:shop"))) {
                Identity bob = RecordingContext.currentIdentity();
                s.record(new Statement(now(), bob, 1, "update", "delete from orders", 40_000));
                s.record(new Failure(now(), bob, 1, "org.h2.jdbc.JdbcSQLSyntaxErrorException", "42S02", 42102,
                        "Table \"ORDERS\" not found"));
            }
            try (RecordingContext.Scope who = RecordingContext.with(Identity.of("bob"));
                 RecordingSession s = recorder.openSession(SessionSpec.of("kafka-producer", "localhost:9092"))) {
                Identity bob = RecordingContext.currentIdentity();
                s.record(new Produce(now(), bob, 1, "orders", null, null, List.of(new Header("trace", Payload.text("abc"))),
                        Payload.text("order-7"), Payload.text("{\"order\":7,\"total\":19.99}"), "demo-producer", null));
                s.record(new Acknowledgement(now(), bob, 1, "orders", 0, 1234, null));
            }
        }
        return first;
    }

    private static void exportSession(RecordingReader reader, String sessionId, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream outFile = Files.newOutputStream(file)) {
                reader.forEachLine(sessionId, line -> {
                    try {
                        outFile.write(line);
                        outFile.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + file, e);
        }
    }

    private static long now() {
        return WitnessClock.nowMicros();
    }

    private static String describe(RecordedEvent r) {
        Event e = r.event();
        String who = e.identity() == null ? "-" : e.identity().principal();
        String what;
        if (e instanceof SessionStart s) what = "session start  " + s.source() + " -> " + s.target();
        else if (e instanceof SessionEnd s) what = "session end    " + s.eventCount() + " events before it";
        else if (e instanceof Statement s) what = "statement      " + s.sql() + "  (" + s.durationNanos() / 1000 + " µs)";
        else if (e instanceof Parameters p) what = "parameters     " + p.sets();
        else if (e instanceof Result res) what = "result         " + res.rowCount() + " row(s) " + res.rows();
        else if (e instanceof UpdateCount u) what = "update count   " + u.counts();
        else if (e instanceof Transaction t) what = "transaction    " + t.action();
        else if (e instanceof Failure f) what = "error          " + f.sqlState() + " " + f.message();
        else what = e.type().wireName();
        return String.format("#%-3d %s  %-6s %s", r.sequence(), EventTimes.format(e.timeMicros()), who, what);
    }

    /** Formats event times for the console. */
    static final class EventTimes {
        private EventTimes() {
        }

        static String format(long micros) {
            return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
        }
    }
}
