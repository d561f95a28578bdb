package dev.witness.jdbc;

import dev.witness.guardrails.Guard;
import dev.witness.jdbc.internal.ConnectionRecording;
import dev.witness.jdbc.internal.DriverUrl;
import dev.witness.jdbc.internal.JdbcSettings;
import dev.witness.jdbc.internal.Targets;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The {@code jdbc:witness:} driver: {@code jdbc:witness:postgresql://host/db} opens
 * {@code jdbc:postgresql://host/db} with the real driver and records the connection. Registered
 * through {@code META-INF/services/java.sql.Driver}, so no code change is needed.
 *
 * <p>Settings, later ones winning: {@code witness.properties} on the class path, environment
 * variables, system properties, {@code witness.*} connection properties, {@code witness.*} URL
 * parameters ({@code ?witness.jdbc.results=rows} or {@code ;witness.jdbc.results=rows}). Every
 * witness.* parameter and property is removed before the real driver sees the URL and properties.
 *
 * <p>Each distinct configuration holds one lease on the shared Recorder of its store for the
 * life of the JVM (its shutdown hook flushes it), so connections opened and closed one by one do
 * not reopen the store each time.
 */
public final class WitnessDriver implements Driver {
    /** The URL prefix this driver accepts. */
    public static final String URL_PREFIX = DriverUrl.PREFIX;

    private static final WitnessDriver INSTANCE = new WitnessDriver();
    private static final Map<WitnessConfig, ConnectionRecording> RECORDINGS = new ConcurrentHashMap<>();

    static {
        try {
            DriverManager.registerDriver(INSTANCE);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // the DriverManager contract: not ours
        }
        DriverUrl parsed = DriverUrl.parse(url);
        Properties realInfo = new Properties();
        Map<String, String> fromProperties = new HashMap<>();
        if (info != null) {
            for (String name : info.stringPropertyNames()) {
                if (name.startsWith("witness.")) {
                    fromProperties.put(name, info.getProperty(name));
                } else {
                    realInfo.put(name, info.getProperty(name));
                }
            }
        }
        WitnessConfig config = WitnessConfig.builder().fromEnvironment()
                .putAll(fromProperties, "connection properties")
                .putAll(parsed.parameters(), "JDBC URL " + Targets.withoutCredentials(url))
                .build();
        Driver real = DriverManager.getDriver(parsed.realUrl());
        Connection raw = real.connect(parsed.realUrl(), realInfo);
        if (raw == null || !config.get(CoreKeys.ENABLED)) {
            return raw;
        }
        ConnectionRecording recording;
        try {
            recording = RECORDINGS.computeIfAbsent(config, WitnessDriver::recording);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
        String target = recording.settings().target() != null ? recording.settings().target()
                : Targets.withoutCredentials(parsed.realUrl());
        return recording.wrap(raw, target);
    }

    private static ConnectionRecording recording(WitnessConfig c) {
        Recorder recorder = Recorder.shared(c);
        try {
            return new ConnectionRecording(recorder, JdbcSettings.of(c), Guard.fromConfig(c));
        } catch (RuntimeException e) {
            recorder.close();
            throw e;
        }
    }

    /**
     * Releases every Recorder lease the driver holds, flushing and closing Recorders nobody else
     * uses: for containers that undeploy the application, and for tests that read the store
     * back. Connections opened later acquire new leases; connections still open keep recording
     * only if another user keeps their Recorder open.
     */
    public static void releaseRecorders() {
        for (Map.Entry<WitnessConfig, ConnectionRecording> e : RECORDINGS.entrySet()) {
            if (RECORDINGS.remove(e.getKey(), e.getValue())) {
                if (e.getValue().guard() != null) {
                    e.getValue().guard().close();
                }
                e.getValue().recorder().close();
            }
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return DriverUrl.accepts(url);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return new DriverPropertyInfo[0];
        }
        DriverUrl parsed = DriverUrl.parse(url);
        Properties realInfo = new Properties();
        if (info != null) {
            info.stringPropertyNames().stream().filter(n -> !n.startsWith("witness."))
                    .forEach(n -> realInfo.put(n, info.getProperty(n)));
        }
        return DriverManager.getDriver(parsed.realUrl()).getPropertyInfo(parsed.realUrl(), realInfo);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** False: compliance is the real driver's; this driver only records. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("Witness logs through SLF4J, not java.util.logging");
    }
}
