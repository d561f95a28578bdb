package dev.witness.jdbc;

import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Column;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Failure;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.event.SessionStart;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.Transaction;
import dev.witness.recorder.event.UpdateCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Base64;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What is recorded: each test runs JDBC calls through {@link WitnessDataSource}, closes it, reads
 * the store back through the reader API, verifies the hash chain and checks the events.
 */
class RecordingSuiteTest {
    @TempDir
    Path store;

    private Recordings.Session runOnH2(WitnessConfig config, SqlWork work) throws Exception {
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build();
             Connection c = ds.getConnection()) {
            work.run(c);
        }
        List<Recordings.Session> sessions = Recordings.read(config);
        assertEquals(1, sessions.size());
        return sessions.get(0);
    }

    interface SqlWork {
        void run(Connection c) throws Exception;
    }

    private static Statement statement(Recordings.Session s, String sqlStart) {
        return s.of(Statement.class).stream().filter(x -> x.sql().startsWith(sqlStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sqlStart + " in " + s.events()));
    }

    private static <T extends Event> T forCall(Recordings.Session s, Class<T> type, long call) {
        return s.of(type).stream().filter(e -> callOf(e) == call).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " for call " + call + " in "
                        + s.events()));
    }

    private static long callOf(Event e) {
        if (e instanceof Parameters p) return p.call();
        if (e instanceof Result r) return r.call();
        if (e instanceof UpdateCount u) return u.call();
        if (e instanceof Failure f) return f.call();
        if (e instanceof Statement st) return st.call();
        return -1;
    }

    @Test
    void statementsParametersRowsAndCountsUnderEachIdentity() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows",
                "witness.jdbc.results.maxRows", "2", "witness.jdbc.results.maxValueBytes", "10");
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(100), age INT, born DATE)");
            }
            try (RecordingContext.Scope ignored = RecordingContext.with(Identity.of("alice"))) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (id, name, age, born) VALUES (?, ?, ?, ?)")) {
                    for (int i = 1; i <= 5; i++) {
                        ps.setInt(1, i);
                        ps.setString(2, i == 1 ? "a very long name indeed" : "user" + i);
                        if (i == 2) ps.setNull(3, Types.INTEGER); else ps.setInt(3, 20 + i);
                        ps.setDate(4, Date.valueOf("2000-01-0" + i), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                        assertEquals(1, ps.executeUpdate());
                    }
                }
            }
            try (RecordingContext.Scope ignored = RecordingContext.with(Identity.of("bob"));
                 PreparedStatement ps = c.prepareStatement("SELECT id, name, age FROM users WHERE age > ? OR age IS NULL ORDER BY id")) {
                ps.setInt(1, 0);
                try (ResultSet rs = ps.executeQuery()) {
                    for (int i = 0; i < 3; i++) { // reads 3 of 5 rows, and only some columns
                        assertTrue(rs.next());
                        rs.getInt(1);
                        rs.getString("NAME");
                        if (i == 1) rs.getInt("age");
                    }
                }
            }
        });
        assertTrue(s.events().get(0) instanceof SessionStart);
        assertTrue(s.events().get(s.events().size() - 1) instanceof SessionEnd);
        assertEquals("jdbc", s.descriptor().source());
        assertTrue(s.descriptor().target().startsWith("jdbc:h2:mem:"), s.descriptor().target());

        Statement ddl = statement(s, "CREATE TABLE");
        assertEquals("ddl", ddl.kind());
        assertNull(ddl.identity());
        assertTrue(ddl.durationNanos() > 0);

        List<Statement> inserts = s.of(Statement.class).stream().filter(x -> x.sql().startsWith("INSERT")).toList();
        assertEquals(5, inserts.size());
        for (Statement ins : inserts) {
            assertEquals("update", ins.kind());
            assertEquals("alice", ins.identity().principal());
            assertEquals(List.of(1L), forCall(s, UpdateCount.class, ins.call()).counts());
        }
        List<Parameter> first = forCall(s, Parameters.class, inserts.get(0).call()).sets().get(0);
        assertEquals(new Parameter(1, null, "users.id", "INTEGER", "1"), first.get(0));
        assertEquals(new Parameter(2, null, "users.name", "VARCHAR", "a very lon…[cut]"), first.get(1));
        assertEquals(new Parameter(3, null, "users.age", "INTEGER", "21"), first.get(2));
        assertEquals(new Parameter(4, null, "users.born", "DATE", "2000-01-01…[cut]"), first.get(3), "10 bytes at most");
        List<Parameter> second = forCall(s, Parameters.class, inserts.get(1).call()).sets().get(0);
        assertEquals(new Parameter(3, null, "users.age", "INTEGER", null), second.get(2));
        assertEquals("alice", forCall(s, Parameters.class, inserts.get(1).call()).identity().principal());

        Statement select = statement(s, "SELECT");
        assertEquals("query", select.kind());
        assertEquals("bob", select.identity().principal());
        Result r = forCall(s, Result.class, select.call());
        assertEquals("bob", r.identity().principal());
        assertEquals(List.of(new Column("ID", "USERS", "INTEGER"), new Column("NAME", "USERS", "VARCHAR"),
                new Column("AGE", "USERS", "INTEGER")), r.columns());
        assertEquals(3, r.rowCount(), "rows the application read, not the rows the query had");
        assertTrue(r.truncated());
        assertEquals(2, r.rows().size());
        assertEquals(java.util.Arrays.asList("1", "a very lon…[cut]", "[not read]"), r.rows().get(0), "age was not read");
        assertEquals(java.util.Arrays.asList("2", "user2", null), r.rows().get(1), "age was read: SQL NULL");
        assertEquals(List.of(new Parameter(1, null, "users.age", "INTEGER", "0")),
                forCall(s, Parameters.class, select.call()).sets().get(0));
    }

    @Test
    void columnsFollowTheSchemaWhenTheSameSqlRunsAgain() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows");
        Recordings.Session s = runOnH2(config, c -> {
            c.createStatement().execute("CREATE TABLE k (id INT PRIMARY KEY, v VARCHAR(5))");
            c.createStatement().execute("INSERT INTO k VALUES (1, 'a')");
            for (int round = 0; round < 3; round++) {
                if (round == 2) {
                    c.createStatement().execute("ALTER TABLE k ADD COLUMN w INT DEFAULT 9");
                }
                try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT * FROM k WHERE id = ?")) {
                    ps.setInt(1, 1);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        assertTrue(rs.next());
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            rs.getObject(i);
                        }
                    }
                }
            }
        });
        List<Result> results = s.of(Result.class);
        assertEquals(3, results.size(), s.events().toString());
        assertEquals(List.of("ID", "V"), results.get(1).columns().stream().map(Column::label).toList());
        assertEquals(List.of("ID", "V", "W"), results.get(2).columns().stream().map(Column::label).toList(),
                "a column added between two runs of the same SQL is recorded");
        assertEquals(List.of(List.of("1", "a", "9")), results.get(2).rows());
    }

    @Test
    void batchesAndTheirFailure() throws Exception {
        WitnessConfig config = Recordings.config(store);
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(10))");
                st.addBatch("INSERT INTO b VALUES (100, 'x')");
                st.addBatch("DELETE FROM b WHERE id = 100");
                st.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO b (id, v) VALUES (?, ?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.setString(2, "v" + i);
                    ps.addBatch();
                }
                ps.executeBatch();
                ps.setInt(1, 4);
                ps.setString(2, "ok");
                ps.addBatch();
                ps.setInt(1, 1);
                ps.setString(2, "dup");
                ps.addBatch();
                assertThrows(BatchUpdateException.class, ps::executeBatch);
            }
        });
        List<Statement> batches = s.of(Statement.class).stream().filter(x -> x.kind().equals("batch")).toList();
        assertEquals(3, batches.size());
        assertEquals("INSERT INTO b VALUES (100, 'x');\nDELETE FROM b WHERE id = 100", batches.get(0).sql());
        assertEquals(List.of(1L, 1L), forCall(s, UpdateCount.class, batches.get(0).call()).counts());

        Statement ok = batches.get(1);
        assertEquals("INSERT INTO b (id, v) VALUES (?, ?)", ok.sql());
        List<List<Parameter>> sets = forCall(s, Parameters.class, ok.call()).sets();
        assertEquals(3, sets.size());
        assertEquals(new Parameter(2, null, "b.v", "VARCHAR", "v3"), sets.get(2).get(1));
        assertEquals(List.of(1L, 1L, 1L), forCall(s, UpdateCount.class, ok.call()).counts());

        Statement failing = batches.get(2);
        assertEquals(2, forCall(s, Parameters.class, failing.call()).sets().size(), "parameters kept with the error");
        Failure f = forCall(s, Failure.class, failing.call());
        assertEquals("org.h2.jdbc.JdbcBatchUpdateException", f.exceptionClass());
        assertEquals("23505", f.sqlState());
        assertTrue(f.message().contains("PRIMARY KEY"), f.message());
        assertEquals(2, forCall(s, UpdateCount.class, failing.call()).counts().size());
    }

    @Test
    void transactionsAndErrors() throws Exception {
        WitnessConfig config = Recordings.config(store);
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                c.setAutoCommit(false);
                c.setAutoCommit(false); // already off: no second begin
                st.executeUpdate("INSERT INTO t VALUES (1)");
                Savepoint sp = c.setSavepoint("sp1");
                st.executeUpdate("INSERT INTO t VALUES (2)");
                c.rollback(sp);
                c.commit();
                st.executeUpdate("INSERT INTO t VALUES (3)");
                c.rollback();
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setAutoCommit(true);
                SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SELEC 1"));
                assertEquals("42001", e.getSQLState());
            }
        });
        List<String> tx = s.of(Transaction.class).stream()
                .map(t -> t.action() + (t.name() == null ? "" : " " + t.name())).toList();
        assertEquals(List.of("begin", "savepoint sp1", "rollback_to_savepoint sp1", "commit", "rollback",
                "isolation SERIALIZABLE", "commit"), tx, "setAutoCommit(true) in a transaction commits it");
        Statement bad = statement(s, "SELEC 1");
        Failure f = forCall(s, Failure.class, bad.call());
        assertEquals("org.h2.jdbc.JdbcSQLSyntaxErrorException", f.exceptionClass());
        assertEquals("42001", f.sqlState());
        assertEquals(42001, f.vendorCode());
        assertTrue(f.message().startsWith("Syntax error"), f.message());
        assertTrue(bad.durationNanos() > 0);
    }

    @Test
    void generatedKeysCallableAndOutParameters() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "count");
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE g (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v VARCHAR(5))");
                st.execute("CREATE ALIAS add_one FOR 'dev.witness.jdbc.H2Functions.addOne'");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO g (v) VALUES (?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, "a");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    assertTrue(keys.next());
                    assertEquals(1L, keys.getLong(1));
                }
                ps.setString(1, "b");
                ps.executeUpdate(); // keys never read: the count is still recorded
            }
            try (CallableStatement cs = c.prepareCall("{? = call add_one(?)}")) {
                cs.registerOutParameter(1, Types.INTEGER);
                cs.setInt(2, 41);
                cs.execute();
                assertEquals(42, cs.getInt(1));
            }
            try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM g")) {
                while (rs.next()) {
                    rs.getLong(1);
                }
            }
        });
        List<Statement> inserts = s.of(Statement.class).stream().filter(x -> x.sql().startsWith("INSERT")).toList();
        UpdateCount withKeys = forCall(s, UpdateCount.class, inserts.get(0).call());
        assertEquals(List.of(1L), withKeys.counts());
        assertEquals(List.of("1"), withKeys.generatedKeys());
        UpdateCount unread = forCall(s, UpdateCount.class, inserts.get(1).call());
        assertEquals(List.of(1L), unread.counts());
        assertEquals(List.of(), unread.generatedKeys());

        Statement call = statement(s, "{? = call");
        assertEquals("call", call.kind());
        List<Parameter> params = forCall(s, Parameters.class, call.call()).sets().get(0);
        assertEquals(new Parameter(1, null, null, "OUT INTEGER", null), params.get(0));
        assertEquals(new Parameter(2, null, null, "INTEGER", "41"), params.get(1));
        Result out = forCall(s, Result.class, call.call());
        assertEquals(List.of(new Column("#1", null, "OUT")), out.columns());
        assertEquals(List.of(List.of("42")), out.rows());

        Result counted = forCall(s, Result.class, statement(s, "SELECT * FROM g").call());
        assertEquals(2, counted.rowCount());
        assertEquals(List.of(), counted.columns(), "count mode records no values");
        assertEquals(List.of(), counted.rows());
    }

    @Test
    void streamsAreDigestedWhileTheDriverReadsThem() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.lob.prefixBytes", "4");
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i % 251);
        String text = "ä".repeat(1000);
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE l (id INT, bin BLOB, txt CLOB, raw VARBINARY(10))");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO l VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setBinaryStream(2, new ByteArrayInputStream(payload));
                ps.setCharacterStream(3, new StringReader(text));
                ps.setBytes(4, new byte[] {9, 8, 7});
                ps.executeUpdate();
            }
            try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT bin FROM l")) {
                rs.next();
                assertEquals(payload.length, rs.getBytes(1).length, "the driver got the whole stream");
            }
        });
        List<Parameter> p = forCall(s, Parameters.class, statement(s, "INSERT").call()).sets().get(0);
        assertEquals("LONGVARBINARY", p.get(1).jdbcType());
        assertEquals("len=70000;sha256=" + sha(payload) + ";base64="
                + Base64.getEncoder().encodeToString(new byte[] {0, 1, 2, 3}), p.get(1).value());
        assertEquals("len=1000;sha256=" + sha(text.getBytes(StandardCharsets.UTF_8)) + ";text=ää", p.get(2).value());
        assertEquals("len=3;sha256=" + sha(new byte[] {9, 8, 7}) + ";base64=CQgH", p.get(3).value());
    }

    /** A value whose text form tells which thread made it. */
    static final class Probe implements Serializable {
        private static final long serialVersionUID = 1L;
        static final Set<String> THREADS = ConcurrentHashMap.newKeySet();

        @Override
        public String toString() {
            THREADS.add(Thread.currentThread().getName());
            return "probe";
        }
    }

    @Test
    void valuesBecomeTextOnTheWriterThreadOnly() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows");
        Probe.THREADS.clear();
        String caller = Thread.currentThread().getName();
        Recordings.Session s = runOnH2(config, c -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE p (id INT, o JAVA_OBJECT, n DECIMAL(10,2), ts TIMESTAMP)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO p VALUES (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setObject(2, new Probe());
                ps.setBigDecimal(3, new BigDecimal("1.50"));
                ps.setTimestamp(4, Timestamp.valueOf("2021-03-04 05:06:07"), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                ps.executeUpdate();
            }
        });
        assertFalse(Probe.THREADS.contains(caller), Probe.THREADS.toString());
        assertEquals(Set.of("witness-writer"), Probe.THREADS);
        List<Parameter> p = forCall(s, Parameters.class, statement(s, "INSERT").call()).sets().get(0);
        assertEquals(new Parameter(2, null, null, "OTHER", "probe"), p.get(1));
        assertEquals(new Parameter(3, null, null, "DECIMAL", "1.50"), p.get(2));
        assertEquals(new Parameter(4, null, null, "TIMESTAMP", "2021-03-04 05:06:07.0 @UTC"), p.get(3),
                "bound with a Calendar: its zone is recorded");
    }

    @Test
    void postgresWarningsMultipleResultsAndTimestamps() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows");
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.POSTGRES.fresh()).config(config).build();
             Connection c = ds.getConnection();
             java.sql.Statement st = c.createStatement()) {
            assertNotNull(c.unwrap(org.postgresql.PGConnection.class));
            st.execute("CREATE TABLE w (id INT, at TIMESTAMP)");
            st.execute("CREATE TABLE IF NOT EXISTS w (id INT)");
            assertTrue(st.execute("SELECT 1 AS a; INSERT INTO w VALUES (1, TIMESTAMP '2020-01-01 10:00:00'); SELECT 2 AS b"));
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                rs.getInt(1);
            }
            assertFalse(st.getMoreResults());
            assertEquals(1, st.getUpdateCount());
            assertTrue(st.getMoreResults());
            try (ResultSet rs = st.getResultSet()) {
                rs.next();
                rs.getInt("b");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT at FROM w WHERE at > ?")) {
                ps.setTimestamp(1, Timestamp.valueOf("2019-01-01 00:00:00"));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rs.getTimestamp(1);
                }
            }
        }
        Recordings.Session s = Recordings.read(config).get(0);
        assertTrue(s.descriptor().target().startsWith("jdbc:postgresql://"), s.descriptor().target());
        assertFalse(s.descriptor().target().contains("user="), s.descriptor().target());
        Statement notice = statement(s, "CREATE TABLE IF NOT EXISTS");
        Failure warning = forCall(s, Failure.class, notice.call());
        assertEquals("org.postgresql.util.PSQLWarning", warning.exceptionClass(), "the driver's warning class");
        assertEquals("42P07", warning.sqlState());

        Statement multi = statement(s, "SELECT 1 AS a");
        List<Result> results = s.of(Result.class).stream().filter(r -> r.call() == multi.call()).toList();
        assertEquals(2, results.size());
        assertEquals(List.of(List.of("1")), results.get(0).rows());
        assertEquals(List.of(List.of("2")), results.get(1).rows());
        assertEquals(List.of(1L), forCall(s, UpdateCount.class, multi.call()).counts());

        Statement ts = statement(s, "SELECT at FROM w");
        assertEquals(List.of(new Parameter(1, null, "w.at", "TIMESTAMP", "2019-01-01 00:00:00.0")),
                forCall(s, Parameters.class, ts.call()).sets().get(0));
        assertEquals(List.of(List.of("2020-01-01 10:00:00.0")), forCall(s, Result.class, ts.call()).rows());
    }

    @Test
    void arraysAndNamedScopes() throws Exception {
        WitnessConfig config = Recordings.config(store);
        javax.sql.DataSource h2 = TestDatabases.H2.fresh();
        try (WitnessDataSource ds = WitnessDataSource.builder(h2).config(config).build()) {
            try (RecordingContext.Scope scope = RecordingContext.session("nightly-job")) {
                try (Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE arr (id INT, tags VARCHAR ARRAY)");
                }
                try (Connection c = ds.getConnection();
                     PreparedStatement ps = c.prepareStatement("INSERT INTO arr (id, tags) VALUES (?, ?)")) {
                    ps.setInt(1, 1);
                    ps.setArray(2, c.createArrayOf("VARCHAR", new Object[] {"a", "b"}));
                    ps.executeUpdate();
                    ps.setInt(1, 2);
                    ps.setObject(2, new String[] {"c"});
                    ps.executeUpdate();
                }
            }
        }
        List<Recordings.Session> sessions = Recordings.read(config);
        assertEquals(1, sessions.size(), "two leases, one scope: one session");
        Recordings.Session s = sessions.get(0);
        assertEquals("scope", s.descriptor().source());
        List<Parameters> params = s.of(Parameters.class);
        assertEquals(new Parameter(2, null, "arr.tags", "ARRAY", "[a, b]"), params.get(0).sets().get(0).get(1));
        assertEquals(new Parameter(2, null, "arr.tags", "ARRAY", "[c]"), params.get(1).sets().get(0).get(1));
    }

    @Test
    void disabledHandsOutTheDriversConnections() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.enabled", "false");
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build();
             Connection c = ds.getConnection()) {
            assertTrue(c instanceof org.h2.jdbc.JdbcConnection);
            assertNull(ds.recorder());
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
