package dev.witness.recorder;

import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Deferred events queued one behind the other may share a line ({@link DeferredEvent#absorb}). */
class AbsorbTest {

    /** Takes up to nine more of its kind: its line lists their numbers. */
    private static final class Numbered implements DeferredEvent {
        final int n;
        final List<Numbered> more = new ArrayList<>();

        Numbered(int n) {
            this.n = n;
        }

        @Override
        public boolean absorb(DeferredEvent next) {
            if (next instanceof Numbered x && more.size() < 9) {
                more.add(x);
                return true;
            }
            return false;
        }

        @Override
        public Event toEvent() {
            String all = n + more.stream().map(m -> "," + m.n).collect(Collectors.joining());
            return new Statement(WitnessClock.nowMicros(), null, n, "query", all, 1);
        }
    }

    @Test
    void adjacentEventsOfASessionShareALineInOrderAndCountAsWritten(@TempDir Path dir) throws Exception {
        String a;
        String b;
        // a long linger keeps everything in one batch until the flush
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.batch.linger", "60s").build()).build();
             RecordingSession sa = recorder.openSession(SessionSpec.of("test", "a"));
             RecordingSession sb = recorder.openSession(SessionSpec.of("test", "b"))) {
            a = sa.id();
            b = sb.id();
            for (int i = 1; i <= 25; i++) {
                sa.record(new Numbered(i));
            }
            sb.record(new Numbered(100)); // another session in between: no line spans it
            sa.record(new Numbered(26));
            sa.record(statement(27, "not deferred")); // nor a plain event
            sa.record(new Numbered(28));
            assertTrue(recorder.flush());
            assertEquals(recorder.stats().enqueued(), recorder.stats().written(),
                    "events that shared a line count as written: " + recorder.stats());
        }
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            List<String> lines = reader.events(a).stream().map(RecordedEvent::event)
                    .filter(e -> e instanceof Statement).map(e -> ((Statement) e).sql()).toList();
            assertEquals(List.of("1,2,3,4,5,6,7,8,9,10", "11,12,13,14,15,16,17,18,19,20", "21,22,23,24,25", "26",
                    "not deferred", "28"), lines);
            assertEquals(1, reader.events(b).stream().filter(e -> e.event() instanceof Statement).count());
            assertEquals(dev.witness.recorder.reader.Verification.Status.OK, reader.verify(a).status());
        }
    }
}
