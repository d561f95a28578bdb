package dev.witness.recorder;

import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreProviders;

import java.nio.file.Path;
import java.util.List;

/** Opens real file stores and builds events for the Recorder tests. */
public final class RecorderTestSupport {
    private RecorderTestSupport() {
    }

    public static String storeUri(Path dir) {
        return "file:" + dir.toAbsolutePath();
    }

    public static WitnessConfig.Builder config(Path dir) {
        return WitnessConfig.builder().put("witness.store", storeUri(dir));
    }

    /** Opens the file store at {@code dir} through the SPI, as the reader and CLI do. */
    public static RecordingStore openStore(Path dir) {
        return StoreProviders.forScheme("file", RecorderTestSupport.class.getClassLoader())
                .open(StoreConfig.of(storeUri(dir)));
    }

    public static Event statement(long call, String sql) {
        return new Statement(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), call, "query", sql, 1000);
    }

    /** Events of a session other than its start, end and gaps. */
    public static long dataEvents(List<RecordedEvent> events) {
        return events.stream().filter(e -> switch (e.event().type()) {
            case SESSION_START, SESSION_END, GAP -> false;
            default -> true;
        }).count();
    }
}
