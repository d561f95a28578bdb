package dev.witness.jdbc;

import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.UpdateCount;
import dev.witness.recorder.config.WitnessConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One stored line per execution: the statement carries its parameters and update count, and the
 * first result joins it while the statement is still queued; once the writer has taken the
 * statement, the result is a line of its own. Either way nothing is lost or recorded twice.
 */
class ExecutionLineTest {
    @TempDir
    Path store;

    @Test
    void aPointSelectIsOneLineWhenTheResultIsReadWhileTheStatementIsQueued() throws Exception {
        // a long linger keeps the writer away while the statement runs and its row is read
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows", "witness.batch.linger", "2s");
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build();
             Connection c = ds.getConnection()) {
            c.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
                ps.setInt(1, 7);
                ps.setString(2, "seven");
                assertEquals(1, ps.executeUpdate());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                ps.setInt(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("seven", rs.getString(1));
                }
            }
        }
        List<Event> lines = Recordings.read(config, false).get(0).events();
        Statement insert = statement(lines, "INSERT");
        assertEquals(List.of(1L), insert.updateCount().counts());
        assertEquals("seven", insert.parameters().get(0).get(1).value());
        Statement select = statement(lines, "SELECT");
        assertEquals("7", select.parameters().get(0).get(0).value());
        assertNotNull(select.result(), "the result joined the statement's line: " + lines);
        assertEquals(List.of(List.of("seven")), select.result().rows());
        assertTrue(select.result().timeMicros() >= select.timeMicros());
        assertTrue(lines.stream().noneMatch(e -> e instanceof Result || e instanceof Parameters
                || e instanceof UpdateCount), "no separate lines: " + lines);
        // start, create, insert, select, end
        assertEquals(5, lines.size(), lines.toString());
        // and read as separate events, the same execution is statement, parameters, result
        List<Event> parts = select.parts();
        assertEquals(List.of(Statement.class, Parameters.class, Result.class),
                parts.stream().map(Object::getClass).toList());
    }

    @Test
    void aResultReadAfterTheWriterTookTheStatementIsALineOfItsOwn() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.jdbc.results", "rows");
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build();
             Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ? AS x")) {
                ps.setInt(1, 5);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(ds.recorder().flush()); // the statement is written before the row is read
                    assertTrue(rs.next());
                    assertEquals(5, rs.getInt(1));
                }
            }
        }
        List<Event> lines = Recordings.read(config, false).get(0).events();
        Statement select = statement(lines, "SELECT");
        assertNull(select.result());
        assertEquals("5", select.parameters().get(0).get(0).value());
        List<Result> results = lines.stream().filter(e -> e instanceof Result).map(e -> (Result) e).toList();
        assertEquals(1, results.size(), lines.toString());
        assertEquals(select.call(), results.get(0).call());
        assertEquals(List.of(List.of("5")), results.get(0).rows());
    }

    private static Statement statement(List<Event> lines, String sqlStart) {
        return lines.stream().filter(e -> e instanceof Statement s && s.sql().startsWith(sqlStart))
                .map(e -> (Statement) e).findFirst()
                .orElseThrow(() -> new AssertionError("no " + sqlStart + " in " + lines));
    }
}
