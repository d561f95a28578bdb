package dev.witness.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real databases of the tests: H2 in memory, and one embedded PostgreSQL server per test JVM
 * (started on first use, about 2-5 s, stopped by a shutdown hook), with a fresh database per
 * request so that tests never see each other's tables.
 */
enum TestDatabases {
    H2 {
        @Override
        DataSource fresh() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL("jdbc:h2:mem:w" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
            ds.setUser("sa");
            ds.setPassword("secret-pw");
            return ds;
        }

        @Override
        String binaryType() {
            return "VARBINARY(100000)";
        }

        @Override
        String textType() {
            return "CLOB";
        }
    },
    POSTGRES {
        @Override
        DataSource fresh() {
            EmbeddedPostgres pg = SharedPostgres.get();
            String name = "w" + COUNTER.incrementAndGet();
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return pg.getDatabase("postgres", name);
        }

        @Override
        String binaryType() {
            return "BYTEA";
        }

        @Override
        String textType() {
            return "TEXT";
        }
    };

    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** A DataSource on a new, empty database. */
    abstract DataSource fresh();

    abstract String binaryType();

    abstract String textType();

    /** The one PostgreSQL server of this JVM. */
    static final class SharedPostgres {
        private static EmbeddedPostgres server;

        private SharedPostgres() {
        }

        static synchronized EmbeddedPostgres get() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                EmbeddedPostgres s = server;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return server;
        }
    }
}
