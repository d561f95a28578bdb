package dev.witness.jdbc;

import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingRejectedException;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.internal.StoreOpener;
import dev.witness.storage.AppendBatch;
import dev.witness.storage.EventCursor;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one exception Witness adds, and the promise that it adds no other: under
 * backpressure=fail a full queue refuses the call before the driver runs it; a driver's
 * exception reaches the application as the very same instance.
 */
class FailPolicyTest {
    @TempDir
    Path store;

    /** A real file store whose appends wait until released: the writer stalls, the queue fills. */
    static final class StallingStore implements RecordingStore {
        final RecordingStore real;
        final CountDownLatch release = new CountDownLatch(1);

        StallingStore(RecordingStore real) {
            this.real = real;
        }

        @Override
        public void append(AppendBatch batch) {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            real.append(batch);
        }

        @Override public void sync() { real.sync(); }
        @Override public SessionPage sessions(SessionQuery query) { return real.sessions(query); }
        @Override public SessionDescriptor session(String sessionId) { return real.session(sessionId); }
        @Override public EventCursor read(String sessionId) { return real.read(sessionId); }
        @Override public long purgeOlderThan(Instant cutoff) { return real.purgeOlderThan(cutoff); }
        @Override public long purge(Collection<String> sessionIds) { return real.purge(sessionIds); }
        @Override public RecoveryReport recoveryReport() { return real.recoveryReport(); }
        @Override public void close() { real.close(); }
    }

    @Test
    void aFullQueueRefusesTheCallBeforeTheDriverRunsIt() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.backpressure", "fail", "witness.queue.capacity", "16",
                "witness.batch.size", "1");
        StallingStore stalling = new StallingStore(StoreOpener.open(config));
        Recorder recorder = Recorder.builder().config(config).store(stalling).build();
        int executed = 0;
        WitnessRejectedSQLException refused = null;
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).recorder(recorder).build();
             Connection c = ds.getConnection()) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TABLE f (n INT)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO f VALUES (?)")) {
                for (int i = 0; i < 100 && refused == null; i++) {
                    ps.setInt(1, i);
                    try {
                        ps.executeUpdate();
                        executed++;
                    } catch (WitnessRejectedSQLException e) {
                        refused = e;
                    }
                }
            }
            assertTrue(refused != null, "the queue never filled");
            assertEquals("57W01", refused.getSQLState());
            assertEquals(WitnessRejectedSQLException.SQL_STATE, refused.getSQLState());
            assertInstanceOf(SQLTransientException.class, refused);
            assertInstanceOf(RecordingRejectedException.class, refused.getCause());
            stalling.release.countDown();
            assertTrue(recorder.flush());
            try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM f")) {
                rs.next();
                assertEquals(executed, rs.getInt(1), "the refused insert never reached the database");
            }
        } finally {
            stalling.release.countDown();
            recorder.close();
        }
        assertTrue(recorder.stats().rejected() >= 1);
    }

    @Test
    void theDriversExceptionInstanceReachesTheApplication() throws Exception {
        SQLException original = new SQLException("boom", "XX123", 77);
        Connection throwing = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "createStatement":
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {java.sql.Statement.class}, (p, m, a) -> {
                                        if (m.getName().startsWith("execute")) throw original;
                                        return m.getReturnType() == boolean.class ? false : null;
                                    });
                        case "commit":
                            throw original;
                        case "getMetaData":
                            throw new SQLException("no metadata");
                        case "getAutoCommit":
                            return false;
                        default:
                            return method.getReturnType() == boolean.class ? false
                                    : method.getReturnType() == int.class ? 0 : null;
                    }
                });
        javax.sql.DataSource raw = (javax.sql.DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {javax.sql.DataSource.class}, (p, m, a) -> m.getName().equals("getConnection") ? throwing : null);
        WitnessConfig config = Recordings.config(store);
        try (WitnessDataSource ds = WitnessDataSource.builder(raw).config(config).target("proxy").build();
             Connection c = ds.getConnection()) {
            java.sql.Statement s = c.createStatement();
            assertSame(original, assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1")));
            assertSame(original, assertThrows(SQLException.class, () -> s.executeUpdate("DELETE")));
            assertSame(original, assertThrows(SQLException.class, c::commit));
        }
        assertEquals("proxy", Recordings.read(config).get(0).descriptor().target());
    }

    @Test
    void aRecorderClosedUnderneathNeverBreaksTheApplication() throws Exception {
        WitnessConfig config = Recordings.config(store, "witness.backpressure", "fail");
        Recorder recorder = Recorder.builder().config(config).build();
        try (WitnessDataSource ds = WitnessDataSource.builder(TestDatabases.H2.fresh()).recorder(recorder).build();
             Connection c = ds.getConnection()) {
            recorder.close();
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("CREATE TABLE late (n INT)");
                assertEquals(1, s.executeUpdate("INSERT INTO late VALUES (1)"));
                c.setAutoCommit(false);
                c.commit();
                try (ResultSet rs = s.executeQuery("SELECT n FROM late")) {
                    assertTrue(rs.next());
                }
            }
        }
        assertTrue(recorder.stats().lost() > 0, "counted as lost, not thrown");
    }
}
