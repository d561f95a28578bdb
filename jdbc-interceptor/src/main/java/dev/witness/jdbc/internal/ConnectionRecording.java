package dev.witness.jdbc.internal;

import dev.witness.guardrails.Guard;
import dev.witness.guardrails.SessionGuard;
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
    private final Guard guard;

    public ConnectionRecording(Recorder recorder, JdbcSettings settings) {
        this(recorder, settings, null);
    }

    /** @param guard the guardrails of this configuration, or {@code null} when no policy is set */
    public ConnectionRecording(Recorder recorder, JdbcSettings settings, Guard guard) {
        this.recorder = recorder;
        this.settings = settings;
        this.guard = guard;
    }

    /** The guardrails, or {@code null}. */
    public Guard guard() {
        return guard;
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
        SessionGuard sessionGuard = guard == null ? null : guard.session(SOURCE, target);
        return new RecordingConnection(raw, new ConnectionCapture(session, settings, sessionGuard));
    }
}
