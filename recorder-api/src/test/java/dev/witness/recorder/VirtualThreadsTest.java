package dev.witness.recorder;

import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The library is built for Java 17 and must run on 21+ with virtual threads: 2,000 virtual
 * threads, each under its own identity, record into one Recorder with the default block policy
 * and a small queue (so many of them park in the queue), and every event lands, attributed to
 * the right identity. Skipped on Java 17, where virtual threads do not exist (CI runs it on 25).
 */
class VirtualThreadsTest {
    @Test
    void thousandsOfVirtualThreadsRecordEverythingUnderTheirOwnIdentity(@TempDir Path dir) throws Exception {
        Method factory;
        try {
            factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            assumeTrue(false, "virtual threads need Java 21+; running on " + Runtime.version());
            return;
        }
        int threads = 2000;
        int perThread = 20;
        try (Recorder recorder = Recorder.builder().config(config(dir).put("witness.queue.capacity", "64").build()).build()) {
            ExecutorService executor = (ExecutorService) factory.invoke(null);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String user = "user-" + t;
                    done.add(executor.submit(() -> {
                        try (RecordingContext.Scope who = RecordingContext.with(Identity.of(user));
                             RecordingSession s = recorder.openSession(SessionSpec.of("jdbc", "vt"))) {
                            for (int i = 0; i < perThread; i++) {
                                s.record(statement(i, "select " + i));
                            }
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                executor.shutdown();
            }
        }
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            int sessions = 0;
            SessionQuery q = SessionQuery.builder().limit(500).build();
            while (true) {
                var page = reader.sessions(q);
                for (SessionDescriptor d : page.sessions()) {
                    sessions++;
                    var events = reader.events(d.id());
                    assertEquals(perThread, dataEvents(events), d.id());
                    assertTrue(events.stream().allMatch(e -> e.event().identity() != null
                            && e.event().identity().principal().equals(d.identity())), "identity of " + d.id());
                }
                if (!page.hasNext()) break;
                q = q.next(page);
            }
            assertEquals(threads, sessions);
        }
    }
}
