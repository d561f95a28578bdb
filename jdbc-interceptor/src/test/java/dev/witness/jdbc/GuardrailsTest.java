package dev.witness.jdbc;

import dev.witness.guardrails.TestApprovalService;
import dev.witness.guardrails.TestApprovalService.Mode;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Approval;
import dev.witness.recorder.event.Denial;
import dev.witness.recorder.event.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guardrails on real databases: a refused statement never reaches the database (its own state
 * says so), an approved one runs exactly once, and both are recorded.
 */
class GuardrailsTest {
    static final String POLICY = """
            rules:
              - name: no-drop
                sql: {classes: [drop, truncate]}
                action: deny
                message: use a migration
              - name: one-statement-at-a-time
                sql: {classes: [multi_statement]}
                action: deny
              - name: whole-table
                sql: {classes: [delete_without_where, update_without_where]}
                action: approve
              - name: no-sleep
                sql: {pattern: "(?i)sleep"}
                action: deny
            """;

    @TempDir
    Path dir;
    TestApprovalService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestApprovalService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    WitnessConfig config(String... more) throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, POLICY);
        WitnessConfig.Builder b = WitnessConfig.builder().put("witness.store", "file:" + dir.resolve("store"))
                .put("witness.guardrails.policy", policy.toString()).put("witness.approval.timeout", "1500ms")
                .put("witness.approval.pollInterval", "50ms");
        service.config().forEach(b::put);
        for (int i = 0; i < more.length; i += 2) {
            b.put(more[i], more[i + 1]);
        }
        return b.build();
    }

    static void setUp(DataSource raw) throws SQLException {
        try (Connection c = raw.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INT PRIMARY KEY, owner VARCHAR(40))");
            s.execute("INSERT INTO accounts VALUES (1, 'alice'), (2, 'bob')");
            s.execute("CREATE TABLE counters (n INT)");
            s.execute("INSERT INTO counters VALUES (0)");
        }
    }

    static long count(DataSource raw, String sql) throws SQLException {
        try (Connection c = raw.getConnection(); java.sql.Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static boolean tableExists(DataSource raw, String table) throws SQLException {
        try (Connection c = raw.getConnection()) {
            for (String t : List.of(table, table.toUpperCase())) {
                try (ResultSet rs = c.getMetaData().getTables(null, null, t, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void deniedStatementsNeverReachTheDatabase(TestDatabases db) throws Exception {
        DataSource raw = db.fresh();
        setUp(raw);
        WitnessConfig config = config();
        try (WitnessDataSource ds = WitnessDataSource.builder(raw).config(config).build();
             Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            WitnessDeniedSQLException e = assertThrows(WitnessDeniedSQLException.class,
                    () -> s.execute("DROP TABLE accounts"));
            assertEquals("42501", e.getSQLState());
            assertEquals("no-drop", e.rule());
            assertEquals("Witness guardrails: denied by rule 'no-drop': use a migration", e.getMessage());
            assertInstanceOf(SQLException.class, e);
            assertThrows(WitnessDeniedSQLException.class, () -> s.executeUpdate("TRUNCATE TABLE accounts"));
            assertThrows(WitnessDeniedSQLException.class,
                    () -> s.execute("INSERT INTO accounts VALUES (3, 'eve'); DELETE FROM accounts WHERE id = 1"));
            try (PreparedStatement ps = c.prepareStatement("DROP TABLE accounts")) {
                assertThrows(WitnessDeniedSQLException.class, ps::execute);
            }
            assertThrows(WitnessDeniedSQLException.class, () -> s.addBatch("DROP TABLE counters"));
            s.addBatch("INSERT INTO accounts VALUES (4, 'dan')");
            s.executeBatch();
            assertEquals(1, s.executeUpdate("DELETE FROM accounts WHERE id = 4"), "other statements run");
        }
        assertTrue(tableExists(raw, "accounts"));
        assertTrue(tableExists(raw, "counters"));
        assertEquals(2, count(raw, "SELECT COUNT(*) FROM accounts"), "nothing of the multi-statement string ran");
        assertEquals(0, service.posts(), "deny rules never ask");

        List<Recordings.Session> sessions = Recordings.read(config);
        List<Denial> denials = sessions.get(0).of(Denial.class);
        assertEquals(List.of("no-drop", "no-drop", "one-statement-at-a-time", "no-drop", "no-drop"),
                denials.stream().map(Denial::rule).toList());
        Statement drop = sessions.get(0).of(Statement.class).get(0);
        assertEquals("DROP TABLE accounts", drop.sql());
        assertEquals(-1, drop.durationNanos());
        assertEquals(drop.call(), denials.get(0).call());
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void approvedStatementsRunExactlyOnce(TestDatabases db) throws Exception {
        DataSource raw = db.fresh();
        setUp(raw);
        WitnessConfig config = config();
        try (WitnessDataSource ds = WitnessDataSource.builder(raw).config(config).build();
             Connection c = ds.getConnection();
             RecordingContext.Scope ignored = RecordingContext.with(Identity.of("alice").with("ticket", "OPS-7"))) {
            try (java.sql.Statement s = c.createStatement()) {
                assertEquals(1, s.executeUpdate("UPDATE counters SET n = n + 1"));
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE counters SET n = n + 10")) {
                assertEquals(1, ps.executeUpdate());
            }
            service.mode(Mode.DENY);
            try (java.sql.Statement s = c.createStatement()) {
                WitnessDeniedSQLException e = assertThrows(WitnessDeniedSQLException.class,
                        () -> s.executeUpdate("UPDATE counters SET n = n + 100"));
                assertEquals("Witness guardrails: rule 'whole-table' requires approval; denied by carol: not today",
                        e.getMessage());
            }
            service.mode(Mode.SLOW).delayMillis(4_000);
            try (java.sql.Statement s = c.createStatement()) {
                WitnessDeniedSQLException e = assertThrows(WitnessDeniedSQLException.class,
                        () -> s.executeUpdate("UPDATE counters SET n = n + 1000"));
                assertTrue(e.getMessage().endsWith("(fail closed)"), e.getMessage());
            }
            service.mode(Mode.PENDING).pending(2, true);
            try (java.sql.Statement s = c.createStatement()) {
                s.addBatch("UPDATE counters SET n = n + 10000");
                s.addBatch("INSERT INTO accounts VALUES (5, 'fay')");
                s.executeBatch();
            }
        }
        assertEquals(10_011, count(raw, "SELECT n FROM counters"), "each approved statement ran once, no refused one");
        assertEquals(3, count(raw, "SELECT COUNT(*) FROM accounts"));
        assertTrue(service.received().get(0).body().contains("\"ticket\":\"OPS-7\""));

        List<Recordings.Session> sessions = Recordings.read(config);
        List<Approval> approvals = sessions.get(0).of(Approval.class);
        assertEquals(List.of("approved", "approved", "denied", "timeout", "approved"),
                approvals.stream().map(Approval::decision).toList());
        assertEquals("carol", approvals.get(0).approver());
        assertEquals("whole-table", approvals.get(0).rule());
        assertEquals(2, sessions.get(0).of(Denial.class).size());
    }

    @Test
    void theDriverUrlReadsThePolicyToo() throws Exception {
        Path policy = dir.resolve("deny-only.yaml");
        Files.writeString(policy, "rules:\n  - {name: no-drop, sql: {classes: [drop]}, action: deny}\n");
        String url = "jdbc:witness:h2:mem:guard" + System.nanoTime() + ";DB_CLOSE_DELAY=-1;witness.store=file:"
                + dir.resolve("driver-store") + ";witness.guardrails.policy=" + policy;
        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            assertThrows(WitnessDeniedSQLException.class, () -> s.execute("DROP TABLE t"));
            s.execute("SELECT COUNT(*) FROM t");
        } finally {
            WitnessDriver.releaseRecorders();
        }
    }

    @Test
    void aBadPolicyFailsAtStartNamingFileLineAndRule() throws Exception {
        Path policy = dir.resolve("bad.yaml");
        Files.writeString(policy, "rules:\n  - name: r1\n    action: nope\n");
        WitnessConfig config = WitnessConfig.builder().put("witness.store", "file:" + dir.resolve("s"))
                .put("witness.guardrails.policy", policy.toString()).build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build());
        assertEquals("witness.guardrails.policy=" + policy + " (code): " + policy
                + ":3:13: rule 'r1': unknown action 'nope'; expected one of allow, deny, approve", e.getMessage());
    }

    @Test
    void anApprovalRuleWithoutServiceFailsAtStart() throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, POLICY);
        WitnessConfig config = WitnessConfig.builder().put("witness.store", "file:" + dir.resolve("s"))
                .put("witness.guardrails.policy", policy.toString()).build();
        ConfigException e = assertThrows(ConfigException.class,
                () -> WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build());
        assertTrue(e.getMessage().startsWith("witness.approval.url is not set"), e.getMessage());
    }
}
