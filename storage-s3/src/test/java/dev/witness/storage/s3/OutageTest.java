package dev.witness.storage.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import dev.witness.storage.StoreFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 server goes away under load and comes back: nothing is lost, every session reads
 * back complete from another instance, and while uploads cannot proceed the spool stays
 * within {@code spool.maxBytes} (plus one segment and one batch) because appends wait.
 */
class OutageTest {
    private static final int SESSIONS = 6;
    private static final int PER_BATCH = 40;
    private static final long SPOOL_MAX = 256 << 10;
    private static final long SEGMENT = 64 << 10;
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("outage");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private S3Store open(String instance) {
        Map<String, String> o = server.options(dir.resolve(instance), instance);
        o.put(S3StoreOptions.SEGMENT_BYTES, Long.toString(SEGMENT));
        o.put(S3StoreOptions.SEGMENT_AGE, "100ms");
        o.put(S3StoreOptions.SPOOL_MAX_BYTES, Long.toString(SPOOL_MAX));
        o.put(S3StoreOptions.REFRESH, "0s");
        return S3Server.open("s3://outage/trail", o);
    }

    @Test
    void anOutageUnderLoadLosesNothingAndBoundsTheSpool() throws Exception {
        List<SessionDescriptor> sessions = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            sessions.add(StoreFixtures.session(String.format("o-%02d", i), i));
        }
        long[] next = new long[SESSIONS];
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong maxSpool = new AtomicLong();
        AtomicLong batchesDuringOutage = new AtomicLong();
        AtomicBoolean down = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (S3Store store = open("writer")) {
            store.append(new AppendBatch(sessions, List.of(), List.of()));
            Future<?> writer = pool.submit(() -> {
                for (int b = 0; writing.get(); b++) {
                    List<EncodedEvent> batch = new ArrayList<>(PER_BATCH);
                    for (int e = 0; e < PER_BATCH; e++) {
                        int i = (b + e) % SESSIONS;
                        batch.add(StoreFixtures.event(sessions.get(i).id(), next[i], next[i]));
                        next[i]++;
                    }
                    store.append(AppendBatch.of(batch));
                    if (down.get()) {
                        batchesDuringOutage.incrementAndGet();
                    }
                    if (b % 20 == 0) {
                        store.sync();
                    }
                }
                return null;
            });
            Future<?> monitor = pool.submit(() -> {
                while (writing.get()) {
                    maxSpool.accumulateAndGet(store.spoolBytes(), Math::max);
                    Thread.sleep(5);
                }
                return null;
            });
            Thread.sleep(1_000);
            assertTrue(store.uploadedSegments() > 0, "uploads run before the outage");
            server.stop();
            down.set(true);
            Thread.sleep(2_500);
            long blockedAt = batchesDuringOutage.get();
            Thread.sleep(500);
            assertEquals(blockedAt, batchesDuringOutage.get(), "appends wait while the spool is full and S3 is down");
            down.set(false);
            server.start();
            Thread.sleep(1_500);
            writing.set(false);
            writer.get(30, TimeUnit.SECONDS);
            monitor.get(30, TimeUnit.SECONDS);
            List<SessionDescriptor> ended = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                ended.add(sessions.get(i).end(sessions.get(i).startedAt().plusSeconds(60), next[i]));
            }
            store.append(new AppendBatch(List.of(), List.of(), ended));
            assertTrue(store.flush(Duration.ofSeconds(60)), "the spool drains once S3 is back");
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        assertTrue(maxSpool.get() <= SPOOL_MAX + SEGMENT + 16 * 1024,
                "spool bounded by spool.maxBytes plus one segment and a batch, was " + maxSpool.get());

        long total = 0;
        try (S3Store reader = open("reader")) {
            assertEquals(SESSIONS, reader.sessions(SessionQuery.all()).sessions().size());
            for (int i = 0; i < SESSIONS; i++) {
                SessionDescriptor d = reader.session(sessions.get(i).id());
                assertTrue(d.ended());
                assertEquals(next[i], d.eventCount());
                long seq = 0;
                try (EventCursor c = reader.read(d.id())) {
                    while (c.hasNext()) {
                        EncodedEvent e = c.next();
                        assertEquals(seq, e.sequence(), "no gap, no duplicate in " + d.id());
                        assertArrayEquals(StoreFixtures.payload(d.id(), seq), e.bytes());
                        seq++;
                    }
                }
                assertEquals(next[i], seq, "every event of " + d.id());
                total += seq;
            }
        }
        assertTrue(total > 1000, "the test wrote a real load: " + total);
    }
}
