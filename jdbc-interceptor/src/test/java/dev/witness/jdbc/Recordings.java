package dev.witness.jdbc;

import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: a configuration on a temp store, and reading every session back, verified. */
final class Recordings {
    private Recordings() {
    }

    static WitnessConfig config(Path store, String... keyValues) {
        WitnessConfig.Builder b = WitnessConfig.builder().put("witness.store", "file:" + store.toAbsolutePath());
        for (int i = 0; i < keyValues.length; i += 2) {
            b.put(keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    /** A recorded session: its descriptor and events. */
    record Session(SessionDescriptor descriptor, List<Event> events) {
        <T extends Event> List<T> of(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Event e : events) {
                if (type.isInstance(e)) out.add(type.cast(e));
            }
            return out;
        }
    }

    /**
     * Every session of the store (whose Recorder must be closed), each verified, with each event
     * as the separate events it stands for ({@link Event#parts()}: a statement's line may carry its
     * parameters, counts and result).
     */
    static List<Session> read(WitnessConfig config) {
        return read(config, true);
    }

    /** As {@link #read(WitnessConfig)}; {@code expand=false} keeps each stored line as one event. */
    static List<Session> read(WitnessConfig config, boolean expand) {
        List<Session> out = new ArrayList<>();
        try (RecordingReader reader = RecordingReader.open(config)) {
            SessionQuery q = SessionQuery.builder().limit(10_000).build();
            for (SessionDescriptor d : reader.sessions(q).sessions()) {
                assertTrue(reader.verify(d.id()).ok(), () -> "verify " + d.id() + ": " + reader.verify(d.id()));
                List<Event> events = new ArrayList<>();
                for (RecordedEvent e : reader.events(d.id())) {
                    if (expand) {
                        events.addAll(e.event().parts());
                    } else {
                        events.add(e.event());
                    }
                }
                out.add(new Session(d, events));
            }
        }
        out.sort((a, b) -> a.descriptor().id().compareTo(b.descriptor().id()));
        return out;
    }
}
