package dev.witness.cli;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static dev.witness.cli.Cli.onStore;
import static org.junit.jupiter.api.Assertions.*;

/** JDBC replay of recorded H2 sessions on fresh copies of the database the sessions started from. */
class JdbcReplayTest {
    @TempDir
    static Path dir;
    static ShopRecording shop;

    @BeforeAll
    static void record() throws Exception {
        shop = ShopRecording.record(dir);
    }

    private static String sandbox() throws Exception {
        return ShopRecording.freshCopy().getURL();
    }

    @Test
    void readOnlyReplayOnAFreshCopyHasNoDifference() throws Exception {
        Cli.Run r = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", sandbox());
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(r.out().contains("reads only (writes skipped; --allow-writes to run them), one transaction, rolled back at the end"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("same") && l.contains("select id, name, email from customers where id = ?") && l.endsWith("(1 row)")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("skipped") && l.contains("update customers set name = ? where id = ?")), r::toString);
        assertTrue(r.out().contains("2 statements: 1 same, 0 different, 1 skipped; rolled back"), r::toString);
    }

    @Test
    void replayWithWritesRollsBackAndMatches() throws Exception {
        JdbcDataSource copy = ShopRecording.freshCopy();
        Cli.Run alice = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", copy.getURL(), "--allow-writes");
        assertEquals(0, alice.code(), alice::toString);
        assertTrue(alice.out().lines().anyMatch(l -> l.contains("same") && l.contains("update customers") && l.endsWith("(updated 1)")), alice::toString);
        assertTrue(alice.out().contains("rollback: rolled back to the transaction's savepoint"), alice::toString);

        Cli.Run bob = onStore(shop.store, "replay", shop.bobSession, "--jdbc-url", copy.getURL(), "--allow-writes");
        assertEquals(0, bob.code(), bob::toString);
        assertTrue(bob.out().lines().anyMatch(l -> l.contains("same") && l.contains("insert into orders") && l.endsWith("(updated [1, 1, 1])")), bob::toString);
        assertTrue(bob.out().lines().anyMatch(l -> l.contains("same") && l.contains("select * from invoices") && l.contains("error 42S02")), bob::toString);
        assertTrue(bob.out().contains("3 statements: 3 same, 0 different, 0 skipped; rolled back"), bob::toString);
        assertEquals(0, count(copy, "select count(*) from orders"), "the replay's writes were rolled back");
        assertEquals("Ada Lovelace", text(copy, "select name from customers where id = 42"));
    }

    @Test
    void aChangeInTheDataShowsInTheDiff() throws Exception {
        JdbcDataSource copy = ShopRecording.freshCopy();
        try (Connection c = copy.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("update customers set email = 'ada@lovelace.example' where id = 42");
            s.executeUpdate("insert into orders (customer_id, total) values (7, 1.00)");
        }
        Cli.Run alice = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", copy.getURL());
        assertEquals(ExitCodes.FOUND, alice.code(), alice::toString);
        assertTrue(alice.out().contains("DIFF     select id, name, email from customers where id = ?"), alice::toString);
        assertTrue(alice.out().contains("        - row 1: [42, Ada Lovelace, ada@example.com]"), alice::toString);
        assertTrue(alice.out().contains("        + row 1: [42, Ada Lovelace, ada@lovelace.example]"), alice::toString);
        assertTrue(alice.out().contains("1 different"), alice::toString);

        Cli.Run bob = onStore(shop.store, "replay", shop.bobSession, "--jdbc-url", copy.getURL(), "--allow-writes");
        assertEquals(ExitCodes.FOUND, bob.code(), bob::toString);
        assertTrue(bob.out().contains("DIFF     select count(*) from orders"), bob::toString);
        assertTrue(bob.out().contains("        - row 1: [3]") && bob.out().contains("        + row 1: [4]"), bob::toString);
    }

    @Test
    void replayNeedsCompatibleOptionsAndAReachableDatabase() throws Exception {
        Cli.Run commit = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", sandbox(), "--commit");
        assertEquals(ExitCodes.USAGE, commit.code(), commit::toString);
        assertTrue(commit.err().contains("--commit needs --allow-writes"), commit::toString);

        Cli.Run both = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", sandbox(), "--bootstrap", "x:9092", "--topic-prefix", "s.");
        assertEquals(ExitCodes.USAGE, both.code(), both::toString);

        Cli.Run kafkaOnJdbc = onStore(shop.store, "replay", shop.aliceSession, "--bootstrap", "localhost:1", "--topic-prefix", "s.");
        assertEquals(ExitCodes.USAGE, kafkaOnJdbc.code(), kafkaOnJdbc::toString);
        assertTrue(kafkaOnJdbc.err().contains("is a jdbc session: replay it with --jdbc-url"), kafkaOnJdbc::toString);

        Cli.Run noDriver = onStore(shop.store, "replay", shop.aliceSession, "--jdbc-url", "jdbc:nosuchdb://h/x?password=hunter2");
        assertEquals(ExitCodes.ERROR, noDriver.code(), noDriver::toString);
        assertEquals(1, noDriver.err().lines().count(), noDriver::toString);
        assertTrue(noDriver.err().contains("cannot connect to jdbc:nosuchdb://h/x?password=***"), noDriver::toString);
        assertFalse(noDriver.err().contains("hunter2"));
    }

    @Test
    void commitKeepsTheWrites() throws Exception {
        JdbcDataSource copy = ShopRecording.freshCopy();
        Cli.Run bob = onStore(shop.store, "replay", shop.bobSession, "--jdbc-url", copy.getURL(), "--allow-writes", "--commit");
        assertEquals(0, bob.code(), bob::toString);
        assertTrue(bob.out().contains("COMMITTED at the end"), bob::toString);
        assertEquals(3, count(copy, "select count(*) from orders"));
    }

    private static long count(JdbcDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(JdbcDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
