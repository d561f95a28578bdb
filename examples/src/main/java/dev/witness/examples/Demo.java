package dev.witness.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.*;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The README's demo: an H2 application behind a HikariCP pool wrapped by Witness, used by two
 * people (a lookup, a transaction that rolls back, a batch, an error), recorded on the
 * embedded defaults (file store in ./witness-recordings); then the sessions are listed, one is
 * printed and exported as JSON Lines, and every chain is verified.
 */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        WitnessConfig config = WitnessConfig.builder().fromEnvironment()
                .put(CoreKeys.APPLICATION.name(), "witness-demo")
                .put("witness.jdbc.results", "rows")
                .build();
        PrintStream out = System.out;
        out.println("Witness demo: recording an H2 application into " + config.get(CoreKeys.STORE));
        Instant started = Instant.now();

        runTheApplication(config, out);
        GuardrailsDemo.run(config, out);

        try (RecordingReader reader = RecordingReader.open(config)) {
            List<SessionDescriptor> sessions = reader.sessions(SessionQuery.builder().from(started).limit(100).build())
                    .sessions().stream().filter(d -> !d.startedAt().isBefore(started)).collect(Collectors.toList());
            out.println();
            out.println("Sessions recorded in this run (one per connection lease):");
            out.printf("  %-26s  %-6s  %-14s  %6s  %s%n", "SESSION", "WHO", "TARGET", "EVENTS", "STARTED");
            for (SessionDescriptor d : sessions) {
                out.printf("  %-26s  %-6s  %-14s  %6d  %s%n", d.id(), d.identity(), d.target(), d.eventCount(),
                        d.startedAt());
            }

            SessionDescriptor alices = sessions.stream().filter(d -> "alice".equals(d.identity())).findFirst()
                    .orElseThrow();
            out.println();
            out.println("Alice's session " + alices.id() + " read back:");
            for (RecordedEvent e : reader.events(alices.id())) {
                out.println("  " + describe(e));
            }
            for (SessionDescriptor d : sessions) {
                if ("dave".equals(d.identity())) {
                    out.println();
                    out.println("Dave's session " + d.id() + " (guardrails: one denial, one approval):");
                    for (RecordedEvent e : reader.events(d.id())) {
                        out.println("  " + describe(e));
                    }
                }
            }
            Path export = Path.of("target", alices.id() + ".jsonl");
            exportSession(reader, alices.id(), export);
            out.println();
            out.println("Exported as JSON Lines (docs/format.md): " + export.toAbsolutePath());
            out.println("  jq -r 'select(.type==\"statement\") | [.ts, .who.principal, .sql] | @tsv' " + export);

            out.println();
            out.println("Verification of the hash chains:");
            for (SessionDescriptor d : sessions) {
                Verification v = reader.verify(d.id());
                out.printf("  %s  %-6s  %s (%d events)%n", d.id(), d.identity(), v.status(), v.events());
            }
            RecordingReader.StoreVerification all = reader.verifyAll(v -> { });
            out.printf("%nWhole store: %d sessions verify, %d fail.%n", all.verified(), all.failed());
        }

        // Kafka: an in-process broker, a producer and a consumer recording through configuration only
        KafkaDemo.run(config, out);
    }

    /** The application: plain JDBC through a pool; Witness is one line (the wrap). */
    private static void runTheApplication(WitnessConfig config, PrintStream out) throws SQLException {
        HikariConfig poolConfig = new HikariConfig();
        poolConfig.setJdbcUrl("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
        poolConfig.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(poolConfig);
             WitnessDataSource db = WitnessDataSource.builder(pool).config(config).target("h2:mem:shop").build()) {
            as("admin", () -> {
                try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
                    s.execute("create table customers (id int primary key, name varchar(100), email varchar(100))");
                    s.execute("create table orders (id int auto_increment primary key, customer_id int, total decimal(10,2))");
                    s.executeUpdate("insert into customers values (42, 'Ada Lovelace', 'ada@example.com'), (7, 'Alan Turing', 'alan@example.com')");
                }
            });
            as("alice", () -> {
                try (Connection c = db.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("select id, name, email from customers where id = ?")) {
                        ps.setInt(1, 42);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                out.println("  alice looked up " + rs.getInt("id") + " " + rs.getString("name") + " <" + rs.getString("email") + ">");
                            }
                        }
                    }
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("update customers set name = ? where id = ?")) {
                        ps.setString(1, "Ada King");
                        ps.setInt(2, 42);
                        ps.executeUpdate();
                    }
                    c.rollback();
                    out.println("  alice renamed a customer, then rolled back");
                }
            });
            as("bob", () -> {
                try (Connection c = db.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into orders (customer_id, total) values (?, ?)")) {
                        for (int i = 1; i <= 3; i++) {
                            ps.setInt(1, i % 2 == 0 ? 42 : 7);
                            ps.setBigDecimal(2, new java.math.BigDecimal("19.9" + i));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        out.println("  bob inserted a batch of 3 orders");
                    }
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("select * from invoices");
                    } catch (SQLException e) {
                        out.println("  bob hit an error: " + e.getSQLState() + " " + e.getMessage().lines().findFirst().orElse(""));
                    }
                }
            });
        }
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void as(String user, Work work) throws SQLException {
        try (RecordingContext.Scope who = RecordingContext.with(Identity.of(user))) {
            work.run();
        }
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

    /** One printed line per part of the stored line (a statement's line may carry its parameters and result). */
    private static String describe(RecordedEvent r) {
        StringBuilder lines = new StringBuilder();
        java.util.List<Event> parts = r.event().parts();
        for (int i = 0; i < parts.size(); i++) {
            lines.append(i == 0 ? "" : "\n  ").append(describe(r.sequence(), i == 0, parts.get(i)));
        }
        return lines.toString();
    }

    private static String describe(long sequence, boolean first, Event e) {
        String who = e.identity() == null ? "-" : e.identity().principal();
        String what;
        if (e instanceof SessionStart s) what = "session start  " + s.source() + " -> " + s.target();
        else if (e instanceof SessionEnd s) what = "session end    " + s.eventCount() + " events before it";
        else if (e instanceof dev.witness.recorder.event.Statement s) what = "statement      " + s.sql()
                + (s.durationNanos() >= 0 ? "  (" + s.durationNanos() / 1000 + " µs)" : "");
        else if (e instanceof Parameters p) what = "parameters     " + p.sets().stream().map(set -> set.stream()
                .map(x -> (x.column() != null ? x.column() : "?" + x.index()) + "=" + x.value())
                .collect(Collectors.joining(", ", "[", "]"))).collect(Collectors.joining(" "));
        else if (e instanceof Result res) what = "result         " + res.rowCount() + " row(s) " + res.rows();
        else if (e instanceof UpdateCount u) what = "update count   " + u.counts();
        else if (e instanceof Transaction t) what = "transaction    " + t.action();
        else if (e instanceof Failure f) what = "error          " + f.sqlState() + " " + f.message();
        else if (e instanceof Approval a) what = "approval       " + a.decision() + " by " + a.approver() + " (rule "
                + a.rule() + ", " + a.latencyMillis() + " ms)";
        else if (e instanceof Denial d) what = "denial         rule " + d.rule() + ": " + d.reason();
        else what = e.type().wireName();
        Instant at = Instant.ofEpochSecond(e.timeMicros() / 1_000_000, (e.timeMicros() % 1_000_000) * 1000);
        return String.format("%-4s %s  %-6s %s", first ? "#" + sequence : " +", at, who, what);
    }
}
