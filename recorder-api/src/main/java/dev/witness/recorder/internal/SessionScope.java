package dev.witness.recorder.internal;

import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An explicit session scope opened by {@code RecordingContext.session(name)}: every Recorder
 * used inside it gets one session (source {@code scope}), opened on first use and ended when
 * the scope closes. Thread-safe: tasks wrapped into executors share the scope.
 */
public final class SessionScope {
    private final String name;
    private final Map<BatchRecorder, RecordingSession> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public SessionScope(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** This scope's session on {@code recorder}, opened from {@code spec} on first use. */
    RecordingSession sessionFor(BatchRecorder recorder, SessionSpec spec) {
        RecordingSession owned = sessions.computeIfAbsent(recorder, r -> {
            Map<String, String> attrs = new HashMap<>(spec.attributes());
            attrs.put("scope", name);
            attrs.put("first_source", spec.source());
            return r.openOwnedSession(new SessionSpec("scope", spec.target(), spec.identity(), attrs));
        });
        // a view that does not end the session when the interceptor closes it
        return new RecordingSession(owned.state(), recorder, false);
    }

    /** Ends every session of this scope. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sessions.values().forEach(RecordingSession::close);
    }
}
