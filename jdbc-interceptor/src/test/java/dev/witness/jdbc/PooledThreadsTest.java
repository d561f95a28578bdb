package dev.witness.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.UpdateCount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads share a small HikariCP pool, each working for its own user: every statement is
 * recorded, in the session of the lease that ran it, attributed to the user whose thread made
 * the call, and nothing is lost. Witness is tried on both sides of the pool.
 */
class PooledThreadsTest {
    private static final int THREADS = 8;
    private static final int LEASES_PER_THREAD = 15;
    private static final int STATEMENTS_PER_LEASE = 4;

    @TempDir
    Path store;

    @Test
    void witnessAroundThePool() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.queue.capacity", "64");
        HikariConfig hc = new HikariConfig();
        hc.setDataSource(TestDatabases.H2.fresh());
        hc.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(hc);
             WitnessDataSource ds = WitnessDataSource.builder(pool).config(config).build()) {
            assertTrue(ds.isWrapperFor(HikariDataSource.class));
            assertTrue(ds.unwrap(HikariDataSource.class) == pool);
            run(ds);
        }
        check(config, THREADS * LEASES_PER_THREAD);
    }

    @Test
    void poolAroundWitness() throws Exception {
        WitnessConfig config = Recordings.config(store);
        HikariConfig hc = new HikariConfig();
        try (WitnessDataSource witness = WitnessDataSource.builder(TestDatabases.H2.fresh()).config(config).build()) {
            hc.setDataSource(witness);
            hc.setMaximumPoolSize(3);
            hc.setMinimumIdle(3);
            try (HikariDataSource pool = new HikariDataSource(hc)) {
                run(pool);
            }
        }
        // one session per physical connection, each holding the statements of several users
        List<Recordings.Session> sessions = Recordings.read(config);
        assertTrue(sessions.size() <= 4, "sessions " + sessions.size());
        checkStatements(sessions);
    }

    private static void run(javax.sql.DataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS work (who VARCHAR(20), n INT)");
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String user = "user" + t;
                done.add(pool.submit(() -> {
                    for (int lease = 0; lease < LEASES_PER_THREAD; lease++) {
                        try (RecordingContext.Scope ignored = RecordingContext.with(Identity.of(user));
                             Connection c = ds.getConnection();
                             PreparedStatement ps = c.prepareStatement("INSERT INTO work (who, n) VALUES (?, ?)")) {
                            for (int i = 0; i < STATEMENTS_PER_LEASE; i++) {
                                ps.setString(1, user);
                                ps.setInt(2, lease * 100 + i);
                                ps.executeUpdate();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void check(WitnessConfig config, int expectedLeases) {
        List<Recordings.Session> sessions = Recordings.read(config);
        assertEquals(expectedLeases + 1, sessions.size(), "one session per lease (plus the set-up lease)");
        checkStatements(sessions);
    }

    private static void checkStatements(List<Recordings.Session> sessions) {
        Map<String, Integer> perUser = new HashMap<>();
        for (Recordings.Session s : sessions) {
            Map<Long, Parameters> params = new HashMap<>();
            for (Event e : s.events()) {
                if (e instanceof Parameters p) params.put(p.call(), p);
            }
            for (Statement st : s.of(Statement.class)) {
                if (!st.sql().startsWith("INSERT")) continue;
                String user = st.identity().principal();
                perUser.merge(user, 1, Integer::sum);
                Parameters p = params.get(st.call());
                assertEquals(user, p.identity().principal());
                assertEquals(user, p.sets().get(0).get(0).value(), "the statement ran for the user it is attributed to");
                assertEquals(1, s.of(UpdateCount.class).stream().filter(u -> u.call() == st.call()).count());
            }
        }
        assertEquals(THREADS, perUser.size());
        perUser.forEach((user, n) -> assertEquals(LEASES_PER_THREAD * STATEMENTS_PER_LEASE, n, user));
    }
}
