package dev.witness.cli;

import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.h2.jdbcx.JdbcDataSource;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store made by real JDBC: an H2 shop database behind {@link WitnessDataSource}, used by
 * alice (a lookup, an update rolled back) and bob (a batch, a failing query), after the data was
 * loaded by an unrecorded seed. {@link #freshCopy()} gives a database in the state the recorded
 * sessions started from: the sandbox of the replay tests.
 */
final class ShopRecording {
    static final String TARGET = "h2:mem:shop";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    final Path store;
    final String aliceSession;
    final String bobSession;

    private ShopRecording(Path store, String alice, String bob) {
        this.store = store;
        this.aliceSession = alice;
        this.bobSession = bob;
    }

    /** Records alice's and bob's sessions into a new file store under {@code dir}. */
    static ShopRecording record(Path dir) throws SQLException {
        Path store = dir.resolve("store");
        JdbcDataSource h2 = freshCopy();
        WitnessConfig config = WitnessConfig.builder().put("witness.store", "file:" + store)
                .put("witness.jdbc.results", "rows").put("witness.application", "shop").build();
        try (WitnessDataSource db = WitnessDataSource.builder(h2).config(config).target(TARGET).build()) {
            as("alice", () -> {
                try (Connection c = db.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("select id, name, email from customers where id = ?")) {
                        ps.setInt(1, 42);
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                rs.getInt("id");
                                rs.getString("name");
                                rs.getString("email");
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
                    c.setAutoCommit(true);
                }
            });
            as("bob", () -> {
                try (Connection c = db.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("insert into orders (customer_id, total) values (?, ?)")) {
                        for (int i = 1; i <= 3; i++) {
                            ps.setInt(1, i % 2 == 0 ? 42 : 7);
                            ps.setBigDecimal(2, new BigDecimal("19.9" + i));
                            ps.addBatch();
                        }
                        ps.executeBatch();
                    }
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from orders")) {
                        rs.next();
                        rs.getLong(1);
                    }
                    try (Statement s = c.createStatement()) {
                        s.executeQuery("select * from invoices");
                    } catch (SQLException expected) {
                        // recorded as an error event
                    }
                }
            });
        }
        String alice = null;
        String bob = null;
        try (RecordingReader reader = RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + store).build())) {
            for (SessionDescriptor d : reader.sessions(SessionQuery.all()).sessions()) {
                if ("alice".equals(d.identity())) {
                    alice = d.id();
                } else if ("bob".equals(d.identity())) {
                    bob = d.id();
                }
            }
        }
        return new ShopRecording(store, alice, bob);
    }

    /** A new in-memory H2 database holding the shop's tables and data before any recorded session. */
    static JdbcDataSource freshCopy() throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url("shop" + DATABASES.incrementAndGet()));
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table customers (id int primary key, name varchar(100), email varchar(100))");
            s.execute("create table orders (id int auto_increment primary key, customer_id int, total decimal(10,2))");
            s.executeUpdate("insert into customers values (42, 'Ada Lovelace', 'ada@example.com'), (7, 'Alan Turing', 'alan@example.com')");
        }
        return ds;
    }

    static String url(String name) {
        return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    private interface Work {
        void run() throws SQLException;
    }

    private static void as(String user, Work work) throws SQLException {
        try (RecordingContext.Scope who = RecordingContext.with(Identity.of(user))) {
            work.run();
        }
    }
}
