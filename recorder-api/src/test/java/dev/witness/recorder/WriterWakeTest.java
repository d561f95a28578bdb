package dev.witness.recorder;

import dev.witness.masking.Masker;
import dev.witness.recorder.event.Gap;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * How the writer is woken: it parks itself when idle and lingers after a wake to batch more, but
 * nothing may be stranded by that and no caller that waits for its entry may be held by it.
 */
class WriterWakeTest {

    @Test
    void anEventInAnIdleRecorderIsWrittenWithoutAFlush(@TempDir Path dir) throws Exception {
        try (Recorder recorder = Recorder.builder().config(config(dir).build()).build();
             RecordingSession s = recorder.openSession(SessionSpec.of("test", "idle"))) {
            for (int round = 1; round <= 3; round++) {
                Thread.sleep(300); // the writer is parked, its idle wait long since begun
                s.record(statement(round, "select " + round));
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (recorder.stats().written() < 1 + round && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals(1 + round, recorder.stats().written(), "written without flush: " + recorder.stats());
            }
        }
    }

    @Test
    void callersThatWaitForTheirEntryAreNotHeldByTheLinger(@TempDir Path dir) {
        long started = System.nanoTime();
        // a linger far longer than the test may take: only wakeNow() can end it
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.batch.linger", "60s")
                .put("witness.durability", "sync").build()).build();
             RecordingSession s = recorder.openSession(SessionSpec.of("test", "sync"))) {
            for (int i = 0; i < 5; i++) {
                s.record(statement(i, "update " + i)); // returns once durable
            }
            assertEquals(6, recorder.stats().written(), "each sync record returned after its write");
        }
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.batch.linger", "60s").build())
                .build(); RecordingSession s = recorder.openSession(SessionSpec.of("test", "flush"))) {
            s.record(statement(1, "select 1"));
            assertTrue(recorder.flush());
            assertEquals(2, recorder.stats().written());
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertTrue(seconds < 30, "sync records, flush and close took " + seconds + " s: held by the 60 s linger");
    }

    @Test
    void everyDroppedDeferredEventIsToldItWasNotQueued(@TempDir Path dir) {
        Masker slow = (field, value) -> {
            LockSupport.parkNanos(50_000);
            return value;
        };
        AtomicLong toldNotQueued = new AtomicLong();
        AtomicLong built = new AtomicLong();
        String id;
        Recorder recorder = Recorder.builder().masker(slow).config(config(dir).put("witness.backpressure", "drop")
                .put("witness.queue.capacity", "16").build()).build();
        try (recorder; RecordingSession s = recorder.openSession(SessionSpec.of("test", "drop"))) {
            id = s.id();
            for (int i = 0; i < 3000; i++) {
                int n = i;
                s.record(new DeferredEvent() {
                    @Override
                    public dev.witness.recorder.event.Event toEvent() {
                        built.incrementAndGet();
                        return statement(n, "select " + n);
                    }

                    @Override
                    public void notQueued() {
                        toldNotQueued.incrementAndGet();
                    }
                });
            }
        }
        assertTrue(toldNotQueued.get() > 0, "the slowed writer must have forced drops");
        assertEquals(recorder.stats().dropped(), toldNotQueued.get());
        assertEquals(3000, built.get() + toldNotQueued.get(), "each event is either built or told, never both");
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            List<RecordedEvent> events = reader.events(id);
            long gaps = events.stream().filter(e -> e.event() instanceof Gap).mapToLong(e -> ((Gap) e.event()).dropped())
                    .sum();
            assertEquals(toldNotQueued.get(), gaps);
        }
    }

    @Test
    void underSustainedLoadOneSyncServesALinger(@TempDir Path dir) throws Exception {
        // one event per millisecond for a second: without group commit the writer, never idle for long,
        // would sync after nearly every event it drains; gathering for the linger, about five times
        int events = 0;
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.batch.linger", "200ms").build())
                .build(); RecordingSession s = recorder.openSession(SessionSpec.of("test", "load"))) {
            long end = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < end) {
                s.record(statement(++events, "select " + events));
                LockSupport.parkNanos(1_000_000);
            }
            assertTrue(recorder.flush());
            RecorderStats stats = recorder.stats();
            assertEquals(1 + events, stats.written());
            // 1 s / 200 ms, plus the first wake, the flush and slack for a slow machine's late wakes
            assertTrue(stats.syncs() <= 12, events + " events took " + stats.syncs() + " syncs: " + stats);
        }
    }

    @Test
    void aFullBatchEndsTheGatheringEarly(@TempDir Path dir) throws Exception {
        // batch.size 64 with a 60 s linger: only a full batch can get these events written without a flush
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.batch.linger", "60s")
                .put("witness.batch.size", "64").build()).build();
             RecordingSession s = recorder.openSession(SessionSpec.of("test", "full")))  {
            for (int i = 1; i <= 200; i++) {
                s.record(statement(i, "select " + i));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (recorder.stats().written() < 192 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(recorder.stats().written() >= 192, "full batches were held: " + recorder.stats());
        }
    }
}
