package dev.witness.recorder;

import dev.witness.masking.Masker;
import dev.witness.recorder.event.Gap;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Each backpressure policy against a real file store behind a writer slowed down by a masker
 * that takes 50 microseconds per value (the writer, not the store, is the bottleneck, as with
 * heavy masking rules).
 */
class BackpressureTest {
    private static final Masker SLOW = (field, value) -> {
        LockSupport.parkNanos(50_000);
        return value;
    };
    private static final int THREADS = 4;

    @Test
    void blockLosesNothing(@TempDir Path dir) throws Exception {
        int perThread = 300;
        List<String> ids = run(dir, "block", perThread, new AtomicLong());
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            for (String id : ids) {
                List<RecordedEvent> events = reader.events(id);
                assertEquals(perThread, dataEvents(events), "every event of " + id);
                assertTrue(events.stream().noneMatch(e -> e.event() instanceof Gap));
                assertTrue(reader.verify(id).ok(), reader.verify(id).toString());
            }
        }
    }

    @Test
    void dropWritesGapsWhoseCountsAddUpExactly(@TempDir Path dir) throws Exception {
        int perThread = 3000;
        AtomicLong droppedSeen = new AtomicLong();
        List<String> ids = run(dir, "drop", perThread, droppedSeen);
        long gapTotal = 0;
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            for (String id : ids) {
                List<RecordedEvent> events = reader.events(id);
                long gaps = events.stream().filter(e -> e.event() instanceof Gap)
                        .mapToLong(e -> ((Gap) e.event()).dropped()).sum();
                assertEquals(perThread, dataEvents(events) + gaps, "recorded + dropped = attempted in " + id);
                assertTrue(reader.verify(id).ok(), reader.verify(id).toString());
                gapTotal += gaps;
            }
        }
        assertEquals(droppedSeen.get(), gapTotal, "gap counts add up to the Recorder's drop counter");
        assertTrue(gapTotal > 0, "the slowed writer must have forced drops");
    }

    @Test
    void failRefusesWithTheDocumentedException(@TempDir Path dir) throws Exception {
        Recorder recorder = Recorder.builder().masker(SLOW).config(config(dir)
                .put("witness.backpressure", "fail").put("witness.queue.capacity", "16").build()).build();
        long accepted = 0;
        RecordingRejectedException refused = null;
        String id;
        try (RecordingSession session = recorder.openSession(SessionSpec.of("test", "fail"))) {
            id = session.id();
            for (int i = 0; i < 100_000 && refused == null; i++) {
                try {
                    session.record(statement(i, "select " + i));
                    accepted++;
                } catch (RecordingRejectedException e) {
                    refused = e;
                }
            }
        }
        RecorderStats stats = recorder.stats();
        recorder.close();
        assertNotNull(refused, "a full queue must refuse");
        assertTrue(refused.getMessage().contains("witness.backpressure=fail"), refused.getMessage());
        assertTrue(refused.getMessage().contains("witness.queue.capacity=16"), refused.getMessage());
        assertEquals(1, stats.rejected());
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            assertEquals(accepted, dataEvents(reader.events(id)), "exactly the accepted events are stored");
            assertTrue(reader.verify(id).ok());
        }
    }

    private static List<String> run(Path dir, String policy, int perThread, AtomicLong droppedOut) throws Exception {
        Recorder recorder = Recorder.builder().masker(SLOW).config(config(dir)
                .put("witness.backpressure", policy).put("witness.queue.capacity", "64").build()).build();
        List<String> ids = new ArrayList<>();
        ConcurrentHashMap<Integer, String> byThread = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int n = t;
            Thread thread = new Thread(() -> {
                try (RecordingSession s = recorder.openSession(SessionSpec.of("test", "thread-" + n))) {
                    byThread.put(n, s.id());
                    for (int i = 0; i < perThread; i++) {
                        s.record(statement(i, "select " + i));
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        recorder.close();
        droppedOut.set(recorder.stats().dropped());
        ids.addAll(byThread.values());
        assertEquals(THREADS, ids.size());
        return ids;
    }
}
