package dev.witness.storage.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as users run it: two Recorders ("instances") configured with
 * {@code witness.store=s3://...} write to one bucket while the S3 server goes away and comes
 * back; a third process's reader lists both instances' sessions and every one of them
 * verifies (hash chain intact, ended, complete).
 */
class RecordersOverS3Test {
    private static final int SESSIONS_PER_INSTANCE = 4;
    private static final int STATEMENTS = 300;
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("trail");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private WitnessConfig config(String instance) {
        WitnessConfig.Builder b = WitnessConfig.builder().put("witness.store", "s3://trail/prod")
                .put("witness.application", "shop-" + instance);
        Map<String, String> o = server.options(dir.resolve(instance), instance);
        o.put(S3StoreOptions.SEGMENT_BYTES, "32KiB");
        o.put(S3StoreOptions.SEGMENT_AGE, "100ms");
        o.put(S3StoreOptions.REFRESH, "0s");
        o.forEach((k, v) -> b.put(S3StoreOptions.PREFIX + k, v));
        return b.build();
    }

    @Test
    void twoRecordersThroughAnOutageAThirdReaderVerifiesEverySession() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> ids = new ArrayList<>();
        try (Recorder a = Recorder.builder().config(config("node-a")).build();
             Recorder b = Recorder.builder().config(config("node-b")).build()) {
            List<Future<List<String>>> writers = new ArrayList<>();
            for (Recorder r : List.of(a, b)) {
                writers.add(pool.submit(() -> {
                    List<String> mine = new ArrayList<>();
                    try (RecordingContext.Scope who = RecordingContext.with(Identity.of("svc-" + r.config().get(dev.witness.recorder.config.CoreKeys.APPLICATION)))) {
                        for (int s = 0; s < SESSIONS_PER_INSTANCE; s++) {
                            try (RecordingSession session = r.openSession(SessionSpec.of("jdbc", "jdbc:postgresql://db/orders"))) {
                                mine.add(session.id());
                                for (int i = 0; i < STATEMENTS; i++) {
                                    session.record(new Statement(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), i, "query",
                                            "select * from orders where id = " + i, 1000));
                                    if (i % 50 == 0) {
                                        Thread.sleep(20);
                                    }
                                }
                            }
                        }
                    }
                    return mine;
                }));
            }
            Thread.sleep(400);
            server.stop();
            Thread.sleep(1_500);
            server.start();
            for (Future<List<String>> w : writers) {
                ids.addAll(w.get(60, TimeUnit.SECONDS));
            }
            assertTrue(a.flush() && b.flush());
        } finally {
            pool.shutdownNow();
        }

        Map<String, String> o = server.options(dir.resolve("auditor"), "auditor");
        try (S3Store store = S3Server.open("s3://trail/prod", o); RecordingReader reader = RecordingReader.of(store)) {
            List<String> listed = reader.sessions(SessionQuery.builder().limit(100).build()).sessions().stream()
                    .map(SessionDescriptor::id).sorted().toList();
            assertEquals(ids.stream().sorted().toList(), listed, "both instances' sessions");
            for (String id : ids) {
                Verification v = reader.verify(id);
                assertEquals(Verification.Status.OK, v.status(), id + ": " + v);
                assertEquals(STATEMENTS + 2, reader.session(id).eventCount(), id);
                assertEquals(STATEMENTS + 2, reader.events(id).size(), id);
            }
            assertTrue(reader.verifyAll(v -> { }).ok());
        }
    }
}
