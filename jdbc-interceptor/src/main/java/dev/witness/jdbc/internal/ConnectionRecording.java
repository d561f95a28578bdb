package dev.witness.jdbc.internal;

import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;

import java.sql.Connection;

/**
 * Turns a driver connection into a recording one: one session per lease. Shared by every way in
 * (DataSource, Driver URL), so that they record alike.
 */
public final class ConnectionRecording {
    /** The session source of every JDBC session. */
    public static final String SOURCE = "jdbc";

    private final Recorder recorder;
    private final JdbcSettings settings;

    public ConnectionRecording(Recorder recorder, JdbcSettings settings) {
        this.recorder = recorder;
        this.settings = settings;
    }

    public Recorder recorder() {
        return recorder;
    }

    public JdbcSettings settings() {
        return settings;
    }

    /**
     * The recording wrapper of {@code raw}, or {@code raw} itself if no session could be opened
     * (counted and logged: the application keeps working, unrecorded).
     */
    public Connection wrap(Connection raw, String target) {
        if (raw == null) {
            return null;
        }
        RecordingSession session;
        try {
            session = recorder.openSession(SessionSpec.of(SOURCE, target));
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
            return raw;
        }
        return new RecordingConnection(raw, new ConnectionCapture(session, settings));
    }
}
