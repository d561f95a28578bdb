package dev.witness.recorder;

import dev.witness.masking.Masker;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.SessionStart;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class RecorderTest {

    @Test
    void recordsSessionsThatReadBackInOrderAndVerify(@TempDir Path dir) {
        String id;
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.application", "shop").build()).build();
             RecordingContext.Scope who = RecordingContext.with(Identity.of("alice").with("ticket", "OPS-1"))) {
            try (RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "h2:mem:shop"))) {
                id = s.id();
                for (int i = 0; i < 100; i++) {
                    s.record(statement(i, "select " + i));
                }
            }
        }
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            SessionDescriptor d = reader.session(id);
            assertEquals("alice", d.identity());
            assertEquals("shop", d.application());
            assertEquals("OPS-1", d.attributes().get("ticket"));
            assertTrue(d.ended());
            assertEquals(102, d.eventCount());
            List<RecordedEvent> events = reader.events(id);
            assertEquals(102, events.size());
            assertInstanceOf(SessionStart.class, events.get(0).event());
            for (int i = 1; i <= 100; i++) {
                Statement st = (Statement) events.get(i).event();
                assertEquals("select " + (i - 1), st.sql());
                assertEquals("alice", st.identity().principal());
                assertEquals(i, events.get(i).sequence());
            }
            assertEquals(dev.witness.recorder.reader.Verification.Status.OK, reader.verify(id).status());
        }
    }

    @Test
    void callerThreadsOnlyEnqueueTheWriterMasksAndBuilds(@TempDir Path dir) {
        Set<String> maskingThreads = ConcurrentHashMap.newKeySet();
        Set<String> buildingThreads = ConcurrentHashMap.newKeySet();
        Masker spy = (field, value) -> {
            maskingThreads.add(Thread.currentThread().getName());
            return value;
        };
        try (Recorder recorder = Recorder.builder().masker(spy).config(config(dir).build()).build();
             RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "t"))) {
            for (int i = 0; i < 50; i++) {
                int n = i;
                s.record(statement(i, "select " + i));
                s.record((DeferredEvent) () -> {
                    buildingThreads.add(Thread.currentThread().getName());
                    return statement(n, "deferred " + n);
                });
            }
            assertTrue(recorder.flush());
        }
        assertEquals(Set.of("witness-writer"), maskingThreads);
        assertEquals(Set.of("witness-writer"), buildingThreads);
    }

    @Test
    void oneRecorderPerStoreIsSharedAndReferenceCounted(@TempDir Path dir) {
        WitnessConfig config = config(dir).build();
        Recorder first = Recorder.shared(config);
        Recorder second = Recorder.shared(config); // a second open of the store would fail on its lock
        try (RecordingSession a = first.openSession(SessionSpec.of("jdbc", "a"));
             RecordingSession b = second.openSession(SessionSpec.of("kafka-producer", "b"))) {
            a.record(statement(1, "select 1"));
            b.record(statement(2, "select 2"));
        }
        ConfigException conflict = assertThrows(ConfigException.class,
                () -> Recorder.shared(config(dir).put("witness.backpressure", "drop").build()));
        assertTrue(conflict.getMessage().contains("witness.backpressure is block (default) but drop was asked (code)"),
                conflict.getMessage());
        // keys of other modules, and defaults spelled out, do not conflict
        Recorder third = Recorder.shared(config(dir).put("witness.backpressure", "block").build());
        third.close();
        first.close();
        first.close(); // a lease is released once
        assertNotNull(second.openSession(SessionSpec.of("jdbc", "still open")));
        second.close();
        // all leases released: the store is closed and can be opened again
        try (RecordingStore store = openStore(dir)) {
            assertEquals(3, store.sessions(SessionQuery.all()).sessions().size());
        }
    }

    @Test
    void sessionScopeGroupsWorkAcrossThreadsIntoOneSession(@TempDir Path dir) throws Exception {
        ExecutorService pool = RecordingContext.wrap(Executors.newFixedThreadPool(2));
        try (Recorder recorder = Recorder.builder().config(config(dir).build()).build()) {
            try (RecordingContext.Scope who = RecordingContext.with(Identity.of("bob"));
                 RecordingContext.Scope scope = RecordingContext.session("nightly")) {
                for (int i = 0; i < 4; i++) {
                    int n = i;
                    pool.submit(() -> {
                        try (RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "db"))) {
                            s.record(statement(n, "task " + n));
                        }
                    }).get();
                }
                try (RecordingSession s = recorder.openSession(SessionSpec.of("kafka-producer", "orders"))) {
                    s.record(statement(9, "main thread"));
                }
            }
            assertTrue(recorder.flush());
            assertThrows(dev.witness.storage.StoreLockedException.class, () -> openStore(dir),
                    "a store in use by a Recorder cannot be opened a second time");
        } finally {
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
        }
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            List<SessionDescriptor> sessions = reader.sessions(SessionQuery.all()).sessions();
            assertEquals(1, sessions.size(), "one session for the whole scope");
            SessionDescriptor d = sessions.get(0);
            assertEquals("scope", d.source());
            assertEquals("nightly", d.attributes().get("scope"));
            List<RecordedEvent> events = reader.events(d.id());
            assertEquals(5, dataEvents(events));
            for (RecordedEvent e : events) {
                Event ev = e.event();
                if (ev instanceof Statement st) {
                    assertEquals("bob", st.identity().principal(), "identity carried into pool threads");
                }
            }
            assertTrue(reader.verify(d.id()).ok());
        }
    }

    @Test
    void syncDurabilityReturnsOnlyOnceDurable(@TempDir Path dir) {
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.durability", "sync").build()).build();
             RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "t"))) {
            long before = recorder.stats().syncs();
            s.record(statement(1, "select 1"));
            assertTrue(recorder.stats().syncs() > before, "a sync happened before record returned");
            assertEquals(recorder.stats().enqueued(), recorder.stats().written(), "nothing left unwritten");
        }
    }

    @Test
    void closeIsIdempotentAndLaterEventsAreCountedAsLost(@TempDir Path dir) {
        Recorder recorder = Recorder.builder().config(config(dir).build()).build();
        RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "t"));
        s.record(statement(1, "select 1"));
        recorder.close();
        recorder.close();
        s.record(statement(2, "too late"));
        assertEquals(1, recorder.stats().lost());
        assertTrue(recorder.flush());
    }
}
