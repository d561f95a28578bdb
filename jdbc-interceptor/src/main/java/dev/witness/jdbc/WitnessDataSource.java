package dev.witness.jdbc;

import dev.witness.guardrails.Guard;
import dev.witness.jdbc.internal.CaptureFailures;
import dev.witness.jdbc.internal.ConnectionRecording;
import dev.witness.jdbc.internal.JdbcSettings;
import dev.witness.jdbc.internal.Targets;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * A DataSource that records every connection it hands out: one recording session per
 * connection lease (getConnection to close), with every statement, parameter, result read,
 * transaction and error, attributed to the identity current on the calling thread.
 *
 * <pre>{@code
 * DataSource ds = WitnessDataSource.wrap(hikariDataSource);          // witness.* from the environment
 * DataSource ds = WitnessDataSource.builder(hikariDataSource)
 *         .config(WitnessConfig.builder().fromEnvironment().put("witness.jdbc.results", "rows").build())
 *         .build();
 * }</pre>
 *
 * <p>Works with any DataSource, a pool included, on either side: wrapping a pool records each
 * borrow as a session; a pool over {@code WitnessDataSource} records each physical connection.
 * The connections behave as the driver's own (docs/jdbc.md: unwrap, exceptions, close). With
 * {@code witness.enabled=false} the driver's connections are returned as they are.
 * With {@code witness.guardrails.policy} set, every statement is checked before the driver sees
 * it (docs/guardrails.md); a refused one throws {@link WitnessDeniedSQLException}.
 *
 * <p>{@link #close()} releases this DataSource's lease on the shared Recorder (flushing it when it
 * is the last user); it does not close the wrapped DataSource. Thread-safe.
 */
public final class WitnessDataSource implements DataSource, AutoCloseable {
    private final DataSource delegate;
    private final Recorder recorder;
    private final boolean ownsRecorder;
    private final ConnectionRecording recording;
    private final String configuredTarget;
    private volatile String target;
    private volatile boolean closed;

    private WitnessDataSource(DataSource delegate, Recorder recorder, boolean ownsRecorder, JdbcSettings settings,
                              String target) {
        this.delegate = delegate;
        this.recorder = recorder;
        this.ownsRecorder = ownsRecorder;
        Guard guard = null;
        if (recorder != null) {
            try {
                guard = Guard.fromConfig(recorder.config());
            } catch (RuntimeException e) {
                if (ownsRecorder) {
                    recorder.close();
                }
                throw e;
            }
        }
        this.recording = recorder == null ? null : new ConnectionRecording(recorder, settings, guard);
        this.configuredTarget = target != null ? target : settings == null ? null : settings.target();
    }

    /** Wraps {@code dataSource} with the configuration of {@link WitnessConfig#load()}. */
    public static WitnessDataSource wrap(DataSource dataSource) {
        return builder(dataSource).build();
    }

    /** A builder wrapping {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The Recorder this DataSource records into, or {@code null} when recording is disabled. */
    public Recorder recorder() {
        return recorder;
    }

    /** The wrapped DataSource. */
    public DataSource delegate() {
        return delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return record(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return record(delegate.getConnection(username, password));
    }

    private Connection record(Connection raw) {
        if (recording == null || raw == null) {
            return raw;
        }
        return recording.wrap(raw, targetOf(raw));
    }

    private String targetOf(Connection raw) {
        if (configuredTarget != null) {
            return configuredTarget;
        }
        String t = target;
        if (t == null) {
            try {
                DatabaseMetaData md = raw.getMetaData();
                t = Targets.withoutCredentials(md.getURL());
            } catch (SQLException | RuntimeException e) {
                CaptureFailures.failed(e);
                t = delegate.getClass().getName();
            }
            target = t; // one URL per DataSource: asked once
        }
        return t;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface != null && iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface != null && (iface.isInstance(this) || iface.isInstance(delegate)) || delegate.isWrapperFor(iface);
    }

    /** Releases the Recorder lease (a Recorder given to the builder is left open). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (recording != null && recording.guard() != null) {
            recording.guard().close();
        }
        if (ownsRecorder && recorder != null) {
            recorder.close();
        }
    }

    @Override
    public String toString() {
        return "WitnessDataSource[" + delegate + "]";
    }

    /** Builds a {@link WitnessDataSource}; every setting is optional. */
    public static final class Builder {
        private final DataSource dataSource;
        private WitnessConfig config;
        private Recorder recorder;
        private String target;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The configuration; default {@link WitnessConfig#load()}. The Recorder is the shared one of its store. */
        public Builder config(WitnessConfig config) {
            this.config = config;
            return this;
        }

        /**
         * Records into this Recorder (for instance one from {@link Recorder#builder()}) instead of
         * the shared one; its configuration supplies the witness.jdbc.* settings. Not closed by
         * {@link WitnessDataSource#close()}.
         */
        public Builder recorder(Recorder recorder) {
            this.recorder = recorder;
            return this;
        }

        /** The session target to record (default: the connection URL without credentials). */
        public Builder target(String target) {
            this.target = target;
            return this;
        }

        /**
         * Builds it: acquires the shared Recorder of the configured store unless a Recorder was given.
         *
         * @throws dev.witness.recorder.config.ConfigException if the configuration is invalid
         */
        public WitnessDataSource build() {
            if (recorder != null && config != null) {
                throw new IllegalStateException("give either a Recorder or a configuration, not both: a Recorder"
                        + " brings its own configuration");
            }
            if (recorder != null) {
                return new WitnessDataSource(dataSource, recorder, false, JdbcSettings.of(recorder.config()), target);
            }
            WitnessConfig c = config != null ? config : WitnessConfig.load();
            if (!c.get(CoreKeys.ENABLED)) {
                return new WitnessDataSource(dataSource, null, false, null, target);
            }
            JdbcSettings settings = JdbcSettings.of(c);
            return new WitnessDataSource(dataSource, Recorder.shared(c), true, settings, target);
        }
    }
}
