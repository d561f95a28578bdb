package dev.witness.jdbc;

import dev.witness.jdbc.internal.CaptureFailures;
import dev.witness.recorder.config.WitnessConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.BatchUpdateException;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Invariant 2: recording never changes what the application sees. Every scenario runs the same
 * JDBC calls twice on identical fresh databases, once on the driver's own objects and once
 * through {@link WitnessDataSource} (results=rows, small caps, LOB prefixes: every capture path
 * active), and the two transcripts (values, metadata, update counts, generated keys, warnings,
 * exception class, SQLState, vendor code and message, wrapper answers) must be identical. Runs on
 * H2 and on a real PostgreSQL server. Afterwards every recorded session must verify and no
 * capture step may have failed.
 */
class BehaviourSuiteTest {
    @TempDir
    static Path store;
    private static WitnessConfig config;
    private static long failuresBefore;
    private static int recordedConnections;

    @BeforeAll
    static void setUp() {
        config = Recordings.config(store, "witness.jdbc.results", "rows", "witness.jdbc.results.maxRows", "3",
                "witness.jdbc.results.maxValueBytes", "64", "witness.jdbc.lob.prefixBytes", "8");
        failuresBefore = CaptureFailures.failedCount();
    }

    @AfterAll
    static void everySessionVerifies() {
        assertEquals(failuresBefore, CaptureFailures.failedCount(), "capture failures while running the suite");
        List<Recordings.Session> sessions = Recordings.read(config);
        assertEquals(recordedConnections, sessions.size());
        for (Recordings.Session s : sessions) {
            assertTrue(s.descriptor().ended(), s.descriptor().id());
            assertTrue(s.events().size() > 2, s.descriptor().id());
        }
    }

    interface Scenario {
        void run(Connection c, TestDatabases db, Transcript t) throws Exception;
    }

    private static Map<String, Scenario> scenarios() {
        Map<String, Scenario> m = new LinkedHashMap<>();
        m.put("statements, DDL, query and metadata", BehaviourSuiteTest::statements);
        m.put("prepared statement setters and getters", BehaviourSuiteTest::prepared);
        m.put("generated keys", BehaviourSuiteTest::generatedKeys);
        m.put("batches, including a failing one", BehaviourSuiteTest::batches);
        m.put("errors", BehaviourSuiteTest::errors);
        m.put("transactions and savepoints", BehaviourSuiteTest::transactions);
        m.put("execute, getResultSet, getMoreResults", BehaviourSuiteTest::multipleResults);
        m.put("scrollable cursor and fetch size", BehaviourSuiteTest::scrollable);
        m.put("streams and LOBs reach the driver intact", BehaviourSuiteTest::streams);
        m.put("wrappers, unwrap, close", BehaviourSuiteTest::wrappers);
        m.put("callable statement", BehaviourSuiteTest::callable);
        m.put("partially read results", BehaviourSuiteTest::partialReads);
        return m;
    }

    @TestFactory
    Stream<DynamicTest> h2() {
        return suite(TestDatabases.H2);
    }

    @TestFactory
    Stream<DynamicTest> postgres() {
        return suite(TestDatabases.POSTGRES);
    }

    private Stream<DynamicTest> suite(TestDatabases db) {
        List<DynamicTest> tests = new ArrayList<>();
        scenarios().forEach((name, scenario) -> tests.add(DynamicTest.dynamicTest(db + ": " + name, () -> {
            Transcript raw = new Transcript();
            DataSource rawDs = db.fresh();
            try (Connection c = rawDs.getConnection()) {
                scenario.run(c, db, raw);
            }
            Transcript recorded = new Transcript();
            try (WitnessDataSource ds = WitnessDataSource.builder(db.fresh()).config(config).build()) {
                try (Connection c = ds.getConnection()) {
                    assertTrue(c.getClass().getName().startsWith("dev.witness.jdbc"), c.getClass().getName());
                    recordedConnections++;
                    scenario.run(c, db, recorded);
                }
            }
            assertEquals(String.join("\n", raw.lines), String.join("\n", recorded.lines));
        })));
        return tests.stream();
    }

    // ------------------------------------------------------------------ scenarios

    static void statements(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            t.add("ddl", s.executeUpdate("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(50), amount"
                    + " DECIMAL(12,2), flag BOOLEAN, born DATE, seen TIMESTAMP, data " + db.binaryType() + ")"));
            t.add("insert1", s.executeUpdate("INSERT INTO people VALUES (1, 'ann', 12.50, TRUE, DATE '1990-01-02',"
                    + " TIMESTAMP '2024-05-06 07:08:09', NULL)"));
            t.add("insert2", s.executeUpdate("INSERT INTO people (id, name) VALUES (2, 'bob'), (3, NULL)"));
            t.add("update", s.executeUpdate("UPDATE people SET amount = 1 WHERE id > 1"));
            t.add("updateNone", s.executeLargeUpdate("DELETE FROM people WHERE id = 99"));
            try (ResultSet rs = s.executeQuery("SELECT * FROM people ORDER BY id")) {
                t.rows("select", rs);
                t.add("rs.isClosedAfterRead", rs.isClosed());
            }
            t.add("isClosed", s.isClosed());
            t.add("maxRows", s.getMaxRows());
            t.add("updateCountAfterQuery", s.getUpdateCount());
            t.attempt("queryAnUpdate", () -> s.executeQuery("UPDATE people SET name = 'x' WHERE id = 1").close());
        }
        DatabaseMetaData md = c.getMetaData();
        t.add("product", md.getDatabaseProductName());
        t.add("driver", md.getDriverName() + " " + md.getDriverVersion());
        t.add("batchUpdates", md.supportsBatchUpdates());
        t.add("md.getConnection", md.getConnection() == c);
        try (ResultSet tables = md.getTables(null, null, "%eople%", null)) {
            int n = 0;
            while (tables.next()) n++;
            t.add("tables", n);
        }
    }

    static void prepared(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE vals (id INT PRIMARY KEY, s VARCHAR(100), n DECIMAL(20,4), b BOOLEAN, d DATE,"
                    + " ts TIMESTAMP, bin " + db.binaryType() + ", l BIGINT, sm SMALLINT, dbl DOUBLE PRECISION)");
        }
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO vals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "hello wörld");
            ps.setBigDecimal(3, new BigDecimal("12345.6789"));
            ps.setBoolean(4, true);
            ps.setDate(5, Date.valueOf("2020-02-29"));
            ps.setTimestamp(6, Timestamp.valueOf("2021-03-04 05:06:07.123"), utc);
            ps.setBytes(7, new byte[] {1, 2, 3, (byte) 0xff});
            ps.setLong(8, Long.MAX_VALUE);
            ps.setShort(9, (short) 7);
            ps.setDouble(10, 2.5);
            t.add("insert1", ps.executeUpdate());
            ps.clearParameters();
            ps.setInt(1, 2);
            ps.setNull(2, Types.VARCHAR);
            ps.setObject(3, new BigDecimal("-1"), Types.DECIMAL);
            ps.setObject(4, Boolean.FALSE);
            ps.setDate(5, Date.valueOf("1999-12-31"), utc);
            ps.setObject(6, Timestamp.valueOf("2000-01-01 00:00:00"));
            ps.setNull(7, Types.BINARY);
            ps.setObject(8, 5L);
            ps.setObject(9, 3, Types.SMALLINT);
            ps.setNull(10, Types.DOUBLE);
            t.add("insert2", ps.executeUpdate());
            t.attempt("badIndex", () -> ps.setString(99, "x"));
            t.add("paramCount", ps.getParameterMetaData().getParameterCount());
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM vals WHERE id >= ? ORDER BY id")) {
            ps.setInt(1, 0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    t.add("id", rs.getInt("id"));
                    t.add("s", rs.getString(2));
                    t.add("s.wasNull", rs.wasNull());
                    t.add("n", rs.getBigDecimal("N"));
                    t.add("b", rs.getBoolean(4));
                    t.add("d", rs.getDate(5));
                    t.add("ts", rs.getTimestamp(6));
                    t.add("tsUtc", rs.getTimestamp(6, Calendar.getInstance(TimeZone.getTimeZone("UTC"))));
                    t.add("bin", rs.getBytes(7));
                    t.add("l", rs.getLong(8));
                    t.add("sm", rs.getShort(9));
                    t.add("dbl", rs.getDouble(10));
                    t.add("dbl.wasNull", rs.wasNull());
                    t.add("obj", rs.getObject(3, BigDecimal.class));
                }
                t.attempt("badColumn", () -> rs.getString("nope"));
            }
            t.add("metaCols", ps.getMetaData().getColumnCount());
        }
    }

    static void generatedKeys(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE gk (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name VARCHAR(20))");
            t.add("stmtInsert", s.executeUpdate("INSERT INTO gk (name) VALUES ('a')", new String[] {"id"}));
            try (ResultSet keys = s.getGeneratedKeys()) {
                while (keys.next()) t.add("stmtKey", keys.getLong(1));
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO gk (name) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, "b");
            t.add("psInsert", ps.executeUpdate());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) t.add("psKey", keys.getLong("id"));
            }
            ps.setString(1, "c");
            ps.addBatch();
            ps.setString(1, "d");
            ps.addBatch();
            t.add("batchKeys.counts", ps.executeBatch());
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) t.add("batchKey", keys.getLong(1));
            }
            ps.setString(1, "e");
            t.add("unreadKeys", ps.executeUpdate());
        }
    }

    static void batches(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE b (id INT PRIMARY KEY, v VARCHAR(10))");
            s.addBatch("INSERT INTO b VALUES (1, 'one')");
            s.addBatch("INSERT INTO b VALUES (2, 'two')");
            s.addBatch("UPDATE b SET v = 'uno' WHERE id = 1");
            t.add("stmtBatch", s.executeBatch());
            t.add("emptyBatch", s.executeBatch());
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO b VALUES (?, ?)")) {
            for (int i = 10; i < 13; i++) {
                ps.setInt(1, i);
                ps.setString(2, "v" + i);
                ps.addBatch();
            }
            t.add("psBatch", ps.executeBatch());
            ps.setInt(1, 20);
            ps.setString(2, "ok");
            ps.addBatch();
            ps.setInt(1, 10);
            ps.setString(2, "dup");
            ps.addBatch();
            ps.setInt(1, 21);
            ps.setString(2, "after");
            ps.addBatch();
            try {
                ps.executeBatch();
                t.add("failingBatch", "no error");
            } catch (BatchUpdateException e) {
                t.error("failingBatch", e);
                t.add("failingBatch.counts", e.getUpdateCounts());
            }
            ps.setInt(1, 30);
            ps.setString(2, "x");
            ps.addBatch();
            ps.clearBatch();
            t.add("clearedBatch", ps.executeBatch());
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, v FROM b ORDER BY id")) {
            t.rows("after", rs);
        }
    }

    static void errors(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE e (id INT PRIMARY KEY, v VARCHAR(3) NOT NULL)");
            t.attempt("syntax", () -> s.executeQuery("SELEC nonsense FROM e"));
            t.attempt("missingTable", () -> s.executeUpdate("INSERT INTO missing VALUES (1)"));
            s.executeUpdate("INSERT INTO e VALUES (1, 'a')");
            t.attempt("duplicate", () -> s.executeUpdate("INSERT INTO e VALUES (1, 'b')"));
            t.attempt("tooLong", () -> s.executeUpdate("INSERT INTO e VALUES (2, 'abcdef')"));
            t.attempt("notNull", () -> s.execute("INSERT INTO e VALUES (3, NULL)"));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO e VALUES (?, ?)")) {
            ps.setInt(1, 1);
            ps.setString(2, "z");
            t.attempt("psDuplicate", ps::executeUpdate);
            t.attempt("psMissingParam", () -> {
                ps.clearParameters();
                ps.setInt(1, 5);
                ps.executeUpdate();
            });
        }
        t.attempt("prepareBad", () -> c.prepareStatement("SELECT FROM WHERE").executeQuery());
        Statement closed = c.createStatement();
        closed.close();
        t.attempt("useClosed", () -> closed.executeQuery("SELECT 1"));
        t.add("closedTwice", "ok");
        closed.close();
    }

    static void transactions(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE tx (id INT PRIMARY KEY)");
        }
        t.add("autoCommit", c.getAutoCommit());
        c.setAutoCommit(false);
        t.add("autoCommitOff", c.getAutoCommit());
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO tx VALUES (1)");
            Savepoint sp = c.setSavepoint("sp1");
            s.executeUpdate("INSERT INTO tx VALUES (2)");
            c.rollback(sp);
            Savepoint unnamed = c.setSavepoint();
            s.executeUpdate("INSERT INTO tx VALUES (3)");
            c.releaseSavepoint(unnamed);
            c.commit();
            s.executeUpdate("INSERT INTO tx VALUES (4)");
            c.rollback();
            try (ResultSet rs = s.executeQuery("SELECT id FROM tx ORDER BY id")) {
                t.rows("committed", rs);
            }
            c.commit();
        }
        c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
        t.add("isolation", c.getTransactionIsolation());
        c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        c.setAutoCommit(true);
        t.attempt("commitInAutoCommit", c::commit);
        t.add("autoCommitBack", c.getAutoCommit());
    }

    static void multipleResults(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE m (id INT)");
            t.add("execQuery", s.execute("SELECT 1 AS one"));
            ResultSet first = s.getResultSet();
            t.add("sameResultSet", first == s.getResultSet());
            t.rows("first", first);
            t.add("rs.getStatement", first.getStatement() == s);
            t.add("more", s.getMoreResults());
            t.add("countAfter", s.getUpdateCount());
            t.add("execUpdate", s.execute("INSERT INTO m VALUES (1)"));
            t.add("resultSetOfUpdate", s.getResultSet() == null);
            t.add("updateCount", s.getUpdateCount());
            t.add("updateCountAgain", s.getUpdateCount());
            t.add("more2", s.getMoreResults());
            t.add("countAfter2", s.getUpdateCount());
            if (db == TestDatabases.POSTGRES) {
                t.add("multi", s.execute("SELECT 1; INSERT INTO m VALUES (2); SELECT 2"));
                t.rows("multi1", s.getResultSet());
                t.add("multi.more", s.getMoreResults());
                t.add("multi.count", s.getUpdateCount());
                t.add("multi.more2", s.getMoreResults());
                t.rows("multi2", s.getResultSet());
                t.add("multi.more3", s.getMoreResults(Statement.CLOSE_ALL_RESULTS));
                t.add("multi.count3", s.getUpdateCount());
                s.execute("CREATE TABLE IF NOT EXISTS m (id INT)");
                t.warnings("pgNotice", s.getWarnings());
                s.clearWarnings();
                t.warnings("cleared", s.getWarnings());
            }
        }
    }

    static void scrollable(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sc (id INT PRIMARY KEY, v VARCHAR(5))");
            for (int i = 1; i <= 6; i++) s.executeUpdate("INSERT INTO sc VALUES (" + i + ", 'v" + i + "')");
        }
        try (Statement s = c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(2);
            t.add("fetchSize", s.getFetchSize());
            try (ResultSet rs = s.executeQuery("SELECT id, v FROM sc ORDER BY id")) {
                t.add("type", rs.getType());
                t.add("concurrency", rs.getConcurrency());
                t.attempt("holdability", rs::getHoldability);
                t.add("last", rs.last());
                t.add("row", rs.getRow());
                t.add("lastV", rs.getString("v"));
                t.add("first", rs.first());
                t.add("firstId", rs.getInt(1));
                t.add("absolute", rs.absolute(4));
                t.add("absId", rs.getInt(1));
                t.add("previous", rs.previous());
                t.add("prevId", rs.getInt(1));
                t.add("relative", rs.relative(10));
                t.add("afterLast", rs.isAfterLast());
                rs.beforeFirst();
                t.add("next", rs.next());
                t.add("nextId", rs.getInt(1));
            }
        }
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM sc ORDER BY id")) {
                t.add("forwardType", rs.getType());
                rs.next();
                t.attempt("scrollForwardOnly", rs::previous);
            }
        }
    }

    static void streams(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE lobs (id INT PRIMARY KEY, bin " + db.binaryType() + ", txt " + db.textType() + ")");
        }
        byte[] payload = new byte[50_000];
        for (int i = 0; i < payload.length; i++) payload[i] = (byte) (i * 31);
        String text = "ünïcode text ".repeat(2000);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO lobs VALUES (?, ?, ?)")) {
            ps.setInt(1, 1);
            ps.setBinaryStream(2, new ByteArrayInputStream(payload));
            ps.setCharacterStream(3, new StringReader(text));
            t.add("insert1", ps.executeUpdate());
            ps.setInt(1, 2);
            ps.setBinaryStream(2, new ByteArrayInputStream(payload), 1000);
            ps.setCharacterStream(3, new StringReader(text), 10);
            t.add("insert2", ps.executeUpdate());
            ps.setInt(1, 3);
            ps.setBytes(2, payload);
            ps.setString(3, text);
            t.add("insert3", ps.executeUpdate());
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, bin, txt FROM lobs ORDER BY id")) {
            while (rs.next()) {
                byte[] bin = rs.getBytes(2);
                t.add("bin" + rs.getInt(1), bin.length + " " + sha(bin));
                String txt = rs.getString(3);
                t.add("txt" + rs.getInt(1), txt.length() + " " + sha(txt.getBytes(StandardCharsets.UTF_8)));
            }
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT bin, txt FROM lobs WHERE id = 1")) {
            rs.next();
            try (InputStream in = rs.getBinaryStream(1)) {
                t.add("streamRead", sha(in.readAllBytes()));
            }
            try (Reader r = rs.getCharacterStream(2)) {
                StringBuilder sb = new StringBuilder();
                char[] buf = new char[1000];
                int n;
                while ((n = r.read(buf)) > 0) sb.append(buf, 0, n);
                t.add("readerRead", sb.length());
            }
        }
    }

    static void wrappers(Connection c, TestDatabases db, Transcript t) throws Exception {
        Class<?> driverConnection = Class.forName(db == TestDatabases.H2 ? "org.h2.jdbc.JdbcConnection"
                : "org.postgresql.PGConnection");
        t.add("isWrapperFor.driver", c.isWrapperFor(driverConnection));
        t.add("unwrap.driver", driverConnection.isInstance(c.unwrap(driverConnection)));
        t.add("isWrapperFor.Connection", c.isWrapperFor(Connection.class));
        t.add("unwrap.Connection.self", c.unwrap(Connection.class) == c);
        t.attempt("unwrap.String", () -> c.unwrap(String.class));
        if (db == TestDatabases.POSTGRES) {
            org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
            t.add("pg.backendPid", pg.getBackendPID() > 0);
        }
        Statement s = c.createStatement();
        t.add("stmt.getConnection", s.getConnection() == c);
        PreparedStatement ps = c.prepareStatement("SELECT 1 AS x");
        t.add("ps.getConnection", ps.getConnection() == c);
        ResultSet rs = ps.executeQuery();
        t.add("rs.getStatement", rs.getStatement() == ps);
        t.add("rs.isWrapperFor.ResultSet", rs.isWrapperFor(ResultSet.class));
        t.add("rs.unwrap.self", rs.unwrap(ResultSet.class) == rs);
        t.add("ps.unwrap.self", ps.unwrap(PreparedStatement.class) == ps);
        t.add("md.getConnection", c.getMetaData().getConnection() == c);
        rs.close();
        t.add("rs.isClosed", rs.isClosed());
        t.attempt("rs.useClosed", rs::next);
        ps.close();
        t.add("ps.isClosed", ps.isClosed());
        t.add("s.isClosed", s.isClosed());
        t.add("conn.isValid", c.isValid(2));
        t.add("conn.readOnly", c.isReadOnly());
        t.add("conn.catalog", c.getCatalog() != null);
        t.add("conn.holdability", c.getHoldability());
        t.add("conn.nativeSQL", c.nativeSQL("SELECT {fn ucase('a')}"));
        t.add("conn.typeMap", c.getTypeMap() != null);
        c.close();
        t.add("closed", c.isClosed());
        t.add("s.isClosedAfterConn", s.isClosed());
        c.close();
        t.add("closedTwice", c.isClosed());
        t.attempt("useClosedConnection", () -> c.createStatement());
    }

    static void callable(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            if (db == TestDatabases.H2) {
                s.execute("CREATE ALIAS add_one FOR 'dev.witness.jdbc.H2Functions.addOne'");
            } else {
                s.execute("CREATE FUNCTION add_one(x INT) RETURNS INT AS 'SELECT x + 1' LANGUAGE SQL");
            }
        }
        try (CallableStatement cs = c.prepareCall("{? = call add_one(?)}")) {
            cs.registerOutParameter(1, Types.INTEGER);
            cs.setInt(2, 41);
            t.add("execute", cs.execute());
            t.add("out", cs.getInt(1));
            t.add("out.wasNull", cs.wasNull());
            cs.setInt(2, 1);
            cs.execute();
            t.add("out2", cs.getObject(1));
        }
        try (CallableStatement cs = c.prepareCall("SELECT add_one(?)")) {
            cs.setInt(1, 9);
            try (ResultSet rs = cs.executeQuery()) {
                t.rows("selectFn", rs);
            }
        }
    }

    static void partialReads(Connection c, TestDatabases db, Transcript t) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pr (id INT PRIMARY KEY, v VARCHAR(200))");
            for (int i = 1; i <= 10; i++) {
                s.executeUpdate("INSERT INTO pr VALUES (" + i + ", '" + "x".repeat(i * 15) + "')");
            }
            ResultSet rs = s.executeQuery("SELECT id, v FROM pr ORDER BY id");
            rs.next();
            t.add("first", rs.getInt(1));
            rs.next();
            t.add("second", rs.getString("V"));
            // re-executing closes the open result set, as the driver says
            try (ResultSet rs2 = s.executeQuery("SELECT COUNT(*) FROM pr")) {
                rs2.next();
                t.add("count", rs2.getLong(1));
            }
            t.add("oldClosed", rs.isClosed());
            try (ResultSet all = s.executeQuery("SELECT id, v FROM pr ORDER BY id")) {
                t.rows("all", all);
            }
        }
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
