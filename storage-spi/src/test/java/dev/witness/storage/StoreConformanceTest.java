package dev.witness.storage;

import static dev.witness.storage.StoreFixtures.T0;
import static dev.witness.storage.StoreFixtures.event;
import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.micros;
import static dev.witness.storage.StoreFixtures.payload;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The storage contract as executable tests. Every backend, ours or a user's, proves it keeps
 * the {@link RecordingStore} contract by extending this class:
 *
 * <pre>{@code
 * class MyStoreConformanceTest extends StoreConformanceTest {
 *     @TempDir Path dir;
 *     protected RecordingStore openStore() { return MyStore.open(dir); }
 * }
 * }</pre>
 *
 * <p>{@link #openStore()} is called once before each test and again by the restart tests
 * after the first store was closed: it must reopen the same location, with everything
 * written before. {@link #destroy()} runs after each test, once the store is closed, to
 * remove what the test left behind.
 *
 * <p>Tests assert outcomes only through the SPI: what was appended is read back byte for
 * byte and in order, queries return exactly the expected ids, purges remove exactly the
 * expected sessions. Time values are fixed (see {@link StoreFixtures#T0}), never the clock.
 */
public abstract class StoreConformanceTest {

    /** The store under test, opened before each test by {@link #openStore()}. */
    protected RecordingStore store;

    /** Opens (creating if needed) the store at the test's location; called again to reopen it. */
    protected abstract RecordingStore openStore();

    /** Removes the test's location after the store was closed. The default does nothing. */
    protected void destroy() {
    }

    /** Size of the single large event; at least 10 MiB unless a backend documents a lower limit. */
    protected int largeEventBytes() {
        return 10 * 1024 * 1024 + 17;
    }

    @BeforeEach
    void openStoreUnderTest() {
        store = openStore();
    }

    @AfterEach
    void closeStoreUnderTest() {
        if (store != null) {
            store.close();
        }
        destroy();
    }

    // ---------------------------------------------------------------- ordering

    @Test
    void eventsOfOneSessionReadBackInAppendOrderAcrossManyBatches() {
        SessionDescriptor s = session("s-0001", 0);
        store.append(new AppendBatch(List.of(s), List.of(), List.of()));
        int batches = 60, perBatch = 17;
        for (int b = 0; b < batches; b++) {
            store.append(AppendBatch.of(events(s, (long) b * perBatch, (long) (b + 1) * perBatch)));
            if (b % 10 == 0) {
                store.sync();
            }
        }
        store.sync();
        assertEvents(events(s, 0, (long) batches * perBatch), readAll(s.id()));
    }

    @Test
    void interleavedSessionsEachKeepTheirOwnOrder() {
        Random random = new Random(7);
        List<SessionDescriptor> sessions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sessions.add(session(String.format("s-%04d", i), i));
        }
        store.append(new AppendBatch(sessions, List.of(), List.of()));
        long[] next = new long[sessions.size()];
        for (int b = 0; b < 80; b++) {
            List<EncodedEvent> batch = new ArrayList<>();
            int size = 1 + random.nextInt(40);
            for (int e = 0; e < size; e++) {
                int i = random.nextInt(sessions.size());
                batch.add(event(sessions.get(i).id(), next[i], micros(sessions.get(i).startedAt()) + next[i]));
                next[i]++;
            }
            store.append(AppendBatch.of(batch));
        }
        store.sync();
        for (int i = 0; i < sessions.size(); i++) {
            assertEvents(events(sessions.get(i), 0, next[i]), readAll(sessions.get(i).id()));
        }
    }

    @Test
    void sessionOpenedAndClosedInOneBatchKeepsItsFinalDescriptor() {
        SessionDescriptor open = session("s-one-batch", 3);
        SessionDescriptor closed = open.end(open.startedAt().plusSeconds(5), 3);
        store.append(new AppendBatch(List.of(open), events(open, 0, 3), List.of(closed)));
        assertEquals(closed, store.session(open.id()));
        assertEvents(events(open, 0, 3), readAll(open.id()));
    }

    @Test
    void closingASessionReplacesItsDescriptor() {
        SessionDescriptor open = new SessionDescriptor("s-attrs", "kafka-producer", "broker-1:9092", "bob", "billing",
                "host-9", 99, T0, null, 0, Map.of("tenant", "acme", "ticket", "OPS-12"));
        store.append(new AppendBatch(List.of(open), events(open, 0, 2), List.of()));
        assertEquals(open, store.session(open.id()));
        SessionDescriptor closed = open.end(T0.plusMillis(1234), 4);
        store.append(new AppendBatch(List.of(), events(open, 2, 4), List.of(closed)));
        assertEquals(closed, store.session(open.id()));
        assertEquals(List.of(closed), store.sessions(SessionQuery.all()).sessions());
    }

    @Test
    void emptyAndBinaryPayloadsRoundTrip() {
        SessionDescriptor s = session("s-binary", 0);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        List<EncodedEvent> written = List.of(
                new EncodedEvent(s.id(), 0, 1, new byte[0]),
                new EncodedEvent(s.id(), 1, 2, everyByte),
                new EncodedEvent(s.id(), 2, -5, "ünïcødé ✓ \u0000 \n line".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        store.append(new AppendBatch(List.of(s), written, List.of()));
        assertEvents(written, readAll(s.id()));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    void concurrentAppendsFromSeveralThreadsLoseAndCorruptNothing() throws Exception {
        int threads = 4, sessionsPerThread = 3, batches = 150, perBatch = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            List<Future<List<SessionDescriptor>>> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    List<SessionDescriptor> mine = new ArrayList<>();
                    for (int i = 0; i < sessionsPerThread; i++) {
                        mine.add(session(String.format("t%d-s%d", thread, i), thread * 10L + i));
                    }
                    start.await();
                    store.append(new AppendBatch(mine, List.of(), List.of()));
                    long[] next = new long[sessionsPerThread];
                    for (int b = 0; b < batches; b++) {
                        List<EncodedEvent> batch = new ArrayList<>(perBatch);
                        for (int e = 0; e < perBatch; e++) {
                            int i = (b + e) % sessionsPerThread;
                            batch.add(event(mine.get(i).id(), next[i], next[i]));
                            next[i]++;
                        }
                        store.append(AppendBatch.of(batch));
                        if (b % 25 == 0) {
                            store.sync();
                        }
                    }
                    List<SessionDescriptor> ended = new ArrayList<>();
                    for (int i = 0; i < sessionsPerThread; i++) {
                        ended.add(mine.get(i).end(mine.get(i).startedAt().plusSeconds(1), next[i]));
                    }
                    store.append(new AppendBatch(List.of(), List.of(), ended));
                    return ended;
                }));
            }
            // a reader runs alongside the writers: what it sees must always be a consistent prefix
            Future<Integer> reader = pool.submit(() -> {
                start.await();
                int reads = 0;
                while (writing.get()) {
                    for (SessionDescriptor d : store.sessions(SessionQuery.builder().limit(1000).build()).sessions()) {
                        List<EncodedEvent> seen = readAll(d.id());
                        for (int i = 0; i < seen.size(); i++) {
                            EncodedEvent e = seen.get(i);
                            if (e.sequence() != i || !java.util.Arrays.equals(payload(d.id(), i), e.bytes())) {
                                throw new AssertionError("reader saw a corrupt prefix of " + d.id() + " at " + i);
                            }
                        }
                        reads++;
                    }
                }
                return reads;
            });
            start.countDown();
            List<SessionDescriptor> all = new ArrayList<>();
            for (Future<List<SessionDescriptor>> w : writers) {
                all.addAll(w.get(60, TimeUnit.SECONDS));
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
            store.sync();

            assertEquals(threads * sessionsPerThread, all.size());
            for (SessionDescriptor d : all) {
                assertEquals(d, store.session(d.id()));
                List<EncodedEvent> read = readAll(d.id());
                assertEquals(d.eventCount(), read.size(), "events of " + d.id());
                for (int i = 0; i < read.size(); i++) {
                    assertEquals(i, read.get(i).sequence());
                    assertArrayEquals(payload(d.id(), i), read.get(i).bytes());
                }
            }
            assertEquals(ids(all), allIds(SessionQuery.builder().limit(5).build()));
        } finally {
            writing.set(false);
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    // ---------------------------------------------------------------- large values

    @Test
    void largeEventRoundTripsByteExact() {
        SessionDescriptor s = session("s-large", 0);
        byte[] large = StoreFixtures.randomBytes(11, largeEventBytes());
        List<EncodedEvent> written = List.of(
                event(s.id(), 0, 10),
                new EncodedEvent(s.id(), 1, 11, large),
                event(s.id(), 2, 12));
        store.append(new AppendBatch(List.of(s), written, List.of()));
        store.sync();
        List<EncodedEvent> read = readAll(s.id());
        assertEquals(3, read.size());
        assertArrayEquals(large, read.get(1).bytes(), "large event bytes");
        assertEvents(written, read);
        // and the store still appends normally after it
        store.append(AppendBatch.of(List.of(event(s.id(), 3, 13))));
        assertEquals(4, readAll(s.id()).size());
    }

    // ---------------------------------------------------------------- paging

    @Test
    void pagingVisitsEverySessionOnceInIdOrder() {
        List<SessionDescriptor> sessions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sessions.add(session(String.format("p-%03d", i), i));
        }
        List<SessionDescriptor> shuffled = new ArrayList<>(sessions);
        java.util.Collections.shuffle(shuffled, new Random(3));
        store.append(new AppendBatch(shuffled, List.of(), List.of()));

        SessionQuery query = SessionQuery.builder().limit(7).build();
        List<Integer> pageSizes = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        SessionPage page = store.sessions(query);
        while (true) {
            pageSizes.add(page.sessions().size());
            page.sessions().forEach(d -> seen.add(d.id()));
            if (!page.hasNext()) {
                break;
            }
            assertEquals(page.sessions().get(page.sessions().size() - 1).id(), page.nextAfterId());
            page = store.sessions(query.next(page));
        }
        assertEquals(List.of(7, 7, 7, 4), pageSizes);
        assertEquals(ids(sessions), seen, "every session once, in id order");
        assertNull(page.nextAfterId());

        SessionPage afterTen = store.sessions(SessionQuery.builder().afterId("p-010").limit(3).build());
        assertEquals(List.of("p-011", "p-012", "p-013"), ids(afterTen.sessions()));
        assertEquals("p-013", afterTen.nextAfterId());
        // afterId need not name a stored session
        assertEquals(List.of("p-011"), ids(store.sessions(SessionQuery.builder().afterId("p-0105").limit(1).build()).sessions()));
    }

    @Test
    void lastFullPageHasNoNextAfterId() {
        List<SessionDescriptor> sessions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sessions.add(session(String.format("f-%02d", i), i));
        }
        store.append(new AppendBatch(sessions, List.of(), List.of()));
        SessionPage first = store.sessions(SessionQuery.builder().limit(5).build());
        assertEquals("f-04", first.nextAfterId());
        SessionPage second = store.sessions(SessionQuery.builder().limit(5).afterId(first.nextAfterId()).build());
        assertEquals(List.of("f-05", "f-06", "f-07", "f-08", "f-09"), ids(second.sessions()));
        assertNull(second.nextAfterId(), "a page that ends with the last match is the last page");
        SessionPage empty = store.sessions(SessionQuery.builder().afterId("f-09").build());
        assertEquals(List.of(), empty.sessions());
        assertNull(empty.nextAfterId());
    }

    @Test
    void emptyStoreListsNothing() {
        SessionPage page = store.sessions(SessionQuery.all());
        assertEquals(List.of(), page.sessions());
        assertFalse(page.hasNext());
    }

    // ---------------------------------------------------------------- filters

    /** Six sessions with distinct metadata; see each filter test for which ones match. */
    private List<SessionDescriptor> filterFixture() {
        List<SessionDescriptor> d = List.of(
                // id, source, target, identity, start (minutes after T0), end (minutes) or open
                closedAt(session("q-1", "jdbc", "jdbc:pg://db1/orders", "alice", 0), 10),
                closedAt(session("q-2", "jdbc", "jdbc:pg://db2/billing", "bob", 20), 30),
                session("q-3", "kafka-producer", "broker:9092", "alice", 40),
                closedAt(session("q-4", "kafka-consumer", "broker:9092", null, 50), 55),
                closedAt(session("q-5", "jdbc", "jdbc:pg://db1/orders", "bob", 60), 90),
                session("q-6", "scope", "jdbc:pg://db1/orders", "carol", 100));
        store.append(new AppendBatch(d.stream().map(x -> x.ended()
                ? new SessionDescriptor(x.id(), x.source(), x.target(), x.identity(), x.application(), x.host(), x.pid(),
                        x.startedAt(), null, 0, x.attributes()) : x).collect(Collectors.toList()),
                List.of(), d.stream().filter(SessionDescriptor::ended).collect(Collectors.toList())));
        return d;
    }

    private static SessionDescriptor closedAt(SessionDescriptor open, long endMinutesAfterT0) {
        return open.end(T0.plus(endMinutesAfterT0, ChronoUnit.MINUTES), 0);
    }

    private static Instant at(long minutesAfterT0) {
        return T0.plus(minutesAfterT0, ChronoUnit.MINUTES);
    }

    @Test
    void filterByIdentity() {
        filterFixture();
        assertEquals(List.of("q-1", "q-3"), allIds(SessionQuery.builder().identity("alice").build()));
        assertEquals(List.of("q-2", "q-5"), allIds(SessionQuery.builder().identity("bob").build()));
        assertEquals(List.of(), allIds(SessionQuery.builder().identity("mallory").build()));
    }

    @Test
    void filterByTarget() {
        filterFixture();
        assertEquals(List.of("q-1", "q-5", "q-6"), allIds(SessionQuery.builder().target("jdbc:pg://db1/orders").build()));
        assertEquals(List.of("q-3", "q-4"), allIds(SessionQuery.builder().target("broker:9092").build()));
    }

    @Test
    void filterBySource() {
        filterFixture();
        assertEquals(List.of("q-1", "q-2", "q-5"), allIds(SessionQuery.builder().source("jdbc").build()));
        assertEquals(List.of("q-4"), allIds(SessionQuery.builder().source("kafka-consumer").build()));
    }

    @Test
    void filterByTimeRange() {
        filterFixture();
        // from: active at or after the instant (ended at/after it, or still open)
        assertEquals(List.of("q-3", "q-5", "q-6"), allIds(SessionQuery.builder().from(at(56)).build()));
        assertEquals(List.of("q-2", "q-3", "q-4", "q-5", "q-6"), allIds(SessionQuery.builder().from(at(30)).build()));
        // to: started before the instant
        assertEquals(List.of("q-1", "q-2"), allIds(SessionQuery.builder().to(at(40)).build()));
        assertEquals(List.of("q-1", "q-2", "q-3"), allIds(SessionQuery.builder().to(at(41)).build()));
        // both: overlapping the window [25, 52)
        assertEquals(List.of("q-2", "q-3", "q-4"), allIds(SessionQuery.builder().from(at(25)).to(at(52)).build()));
    }

    @Test
    void filtersCombine() {
        filterFixture();
        assertEquals(List.of("q-5"), allIds(SessionQuery.builder().identity("bob").target("jdbc:pg://db1/orders").build()));
        assertEquals(List.of("q-3"), allIds(SessionQuery.builder().identity("alice").source("kafka-producer")
                .target("broker:9092").build()));
        assertEquals(List.of("q-1"), allIds(SessionQuery.builder().identity("alice").to(at(40)).build()));
        assertEquals(List.of("q-5", "q-6"), allIds(SessionQuery.builder().target("jdbc:pg://db1/orders").from(at(11)).build()));
        assertEquals(List.of(), allIds(SessionQuery.builder().identity("alice").source("jdbc").from(at(11)).build()));
        // paging applies after filtering
        SessionPage first = store.sessions(SessionQuery.builder().target("jdbc:pg://db1/orders").limit(2).build());
        assertEquals(List.of("q-1", "q-5"), ids(first.sessions()));
        assertEquals("q-5", first.nextAfterId());
        SessionPage second = store.sessions(SessionQuery.builder().target("jdbc:pg://db1/orders").limit(2)
                .afterId(first.nextAfterId()).build());
        assertEquals(List.of("q-6"), ids(second.sessions()));
        assertNull(second.nextAfterId());
    }

    @Test
    void queriedDescriptorsAreTheStoredOnes() {
        List<SessionDescriptor> fixture = filterFixture();
        assertEquals(fixture, store.sessions(SessionQuery.all()).sessions());
        for (SessionDescriptor d : fixture) {
            assertEquals(d, store.session(d.id()));
        }
    }

    // ---------------------------------------------------------------- unknown ids

    @Test
    void unknownSessionIsReportedAsSuch() {
        store.append(new AppendBatch(List.of(session("known", 0)), List.of(), List.of()));
        NoSuchSessionException onDescriptor = assertThrows(NoSuchSessionException.class, () -> store.session("unknown-1"));
        assertEquals("unknown-1", onDescriptor.sessionId());
        NoSuchSessionException onRead = assertThrows(NoSuchSessionException.class, () -> store.read("unknown-2"));
        assertEquals("unknown-2", onRead.sessionId());
    }

    @Test
    void sessionWithoutEventsReadsEmpty() {
        store.append(new AppendBatch(List.of(session("no-events", 0)), List.of(), List.of()));
        assertEquals(List.of(), readAll("no-events"));
    }

    // ---------------------------------------------------------------- purge

    @Test
    void purgeOlderThanRemovesExactlyTheSessionsThatEndedOrLastWroteBeforeTheCutoff() {
        Instant cutoff = at(1000);
        SessionDescriptor endedOld = session("a-ended-old", 0);
        SessionDescriptor endedNew = session("b-ended-new", 10);
        SessionDescriptor openOldWrites = session("c-open-old-writes", 20);
        SessionDescriptor openNewWrites = session("d-open-new-writes", 30);
        SessionDescriptor endedAtCutoff = session("e-ended-at-cutoff", 40);
        store.append(new AppendBatch(List.of(endedOld, endedNew, openOldWrites, openNewWrites, endedAtCutoff),
                List.of(event(endedOld.id(), 0, micros(at(1))),
                        event(endedNew.id(), 0, micros(at(11))),
                        event(openOldWrites.id(), 0, micros(at(21))),
                        event(openOldWrites.id(), 1, micros(at(999))),
                        event(openNewWrites.id(), 0, micros(at(31))),
                        event(openNewWrites.id(), 1, micros(at(1001))),
                        event(endedAtCutoff.id(), 0, micros(at(41)))),
                List.of(endedOld.end(at(999), 1), endedNew.end(at(1500), 1), endedAtCutoff.end(cutoff, 1))));
        store.sync();

        assertEquals(2, store.purgeOlderThan(cutoff));
        assertGone(endedOld.id());
        assertGone(openOldWrites.id());
        assertEquals(List.of("b-ended-new", "d-open-new-writes", "e-ended-at-cutoff"), allIds(SessionQuery.all()));
        assertEquals(1, readAll("b-ended-new").size());
        assertEquals(2, readAll("d-open-new-writes").size());
        assertEquals(1, readAll("e-ended-at-cutoff").size());
        assertEquals(0, store.purgeOlderThan(cutoff), "purging again removes nothing");
    }

    @Test
    void purgeByIdRemovesExactlyThoseSessions() {
        List<SessionDescriptor> sessions = new ArrayList<>();
        List<EncodedEvent> events = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SessionDescriptor s = session("g-" + i, i);
            sessions.add(s);
            events.addAll(events(s, 0, 5));
        }
        store.append(new AppendBatch(sessions, events, List.of()));
        store.sync();

        assertEquals(2, store.purge(List.of("g-1", "g-4", "not-there")));
        assertGone("g-1");
        assertGone("g-4");
        assertEquals(List.of("g-0", "g-2", "g-3", "g-5"), allIds(SessionQuery.all()));
        for (String id : List.of("g-0", "g-2", "g-3", "g-5")) {
            assertEvents(events(sessions.get(Integer.parseInt(id.substring(2))), 0, 5), readAll(id));
        }
        assertEquals(0, store.purge(List.of("g-1")), "purging again removes nothing");
        assertEquals(0, store.purge(List.of()));
        // the store keeps working: appending to a surviving session and opening a new one
        store.append(new AppendBatch(List.of(session("g-9", 9)), events(session("g-9", 9), 0, 2), List.of()));
        store.append(AppendBatch.of(events(sessions.get(0), 5, 7)));
        assertEquals(7, readAll("g-0").size());
        assertEquals(2, readAll("g-9").size());
    }

    @Test
    void purgedSessionsStayGoneAfterRestart() {
        SessionDescriptor keep = session("h-keep", 0);
        SessionDescriptor drop = session("h-drop", 1);
        store.append(new AppendBatch(List.of(keep, drop), concat(events(keep, 0, 3), events(drop, 0, 3)), List.of()));
        assertEquals(1, store.purge(List.of(drop.id())));
        reopen();
        assertGone(drop.id());
        assertEquals(List.of(keep.id()), allIds(SessionQuery.all()));
        assertEvents(events(keep, 0, 3), readAll(keep.id()));
    }

    // ---------------------------------------------------------------- restart and close

    @Test
    void everythingSurvivesARestartAndAppendsContinueInOrder() {
        SessionDescriptor ended = new SessionDescriptor("r-ended", "jdbc", "jdbc:pg://db/x", "alice", "app", "h", 1,
                T0, null, 0, Map.of("tenant", "acme"));
        SessionDescriptor open = session("r-open", "kafka-producer", "broker:9092", null, 5);
        store.append(new AppendBatch(List.of(ended, open), concat(events(ended, 0, 40), events(open, 0, 25)), List.of()));
        SessionDescriptor endedFinal = ended.end(T0.plusSeconds(90), 40);
        store.append(new AppendBatch(List.of(), List.of(), List.of(endedFinal)));

        reopen();
        assertEquals(endedFinal, store.session(ended.id()));
        assertTrue(store.session(ended.id()).ended());
        assertEquals(40, store.session(ended.id()).eventCount());
        assertEquals(Map.of("tenant", "acme"), store.session(ended.id()).attributes());
        assertEquals(open, store.session(open.id()));
        assertEvents(events(ended, 0, 40), readAll(ended.id()));
        assertEvents(events(open, 0, 25), readAll(open.id()));
        assertEquals(List.of(ended.id(), open.id()), allIds(SessionQuery.all()));

        SessionDescriptor later = session("r-later", 9);
        store.append(new AppendBatch(List.of(later), concat(events(open, 25, 30), events(later, 0, 2)), List.of()));
        assertEvents(events(open, 0, 30), readAll(open.id()));

        reopen();
        assertEvents(events(open, 0, 30), readAll(open.id()));
        assertEvents(events(later, 0, 2), readAll(later.id()));
        assertEquals(List.of(ended.id(), later.id(), open.id()), allIds(SessionQuery.all()), "id order, not append order");
        assertEquals(List.of(open.id()), allIds(SessionQuery.builder().source("kafka-producer").build()));
    }

    @Test
    void closeIsIdempotent() {
        store.append(new AppendBatch(List.of(session("c-1", 0)), events(session("c-1", 0), 0, 3), List.of()));
        store.close();
        assertDoesNotThrow(store::close);
        assertDoesNotThrow(store::close);
        store = openStore();
        assertEquals(3, readAll("c-1").size());
    }

    @Test
    void aCursorCanBeClosedBeforeItIsExhausted() {
        SessionDescriptor s = session("k-1", 0);
        store.append(new AppendBatch(List.of(s), events(s, 0, 100), List.of()));
        try (EventCursor cursor = store.read(s.id())) {
            assertTrue(cursor.hasNext());
            assertEquals(0, cursor.next().sequence());
        }
        assertEquals(100, readAll(s.id()).size());
    }

    // ---------------------------------------------------------------- helpers

    /** Closes the store and opens it again at the same location. */
    protected void reopen() {
        store.close();
        store = openStore();
    }

    /** Every event of the session, read through a cursor that is closed afterwards. */
    protected List<EncodedEvent> readAll(String sessionId) {
        List<EncodedEvent> events = new ArrayList<>();
        try (EventCursor cursor = store.read(sessionId)) {
            while (cursor.hasNext()) {
                events.add(cursor.next());
            }
        }
        return events;
    }

    /** The ids of every matching session, following every page. Fails on duplicates or disorder. */
    protected List<String> allIds(SessionQuery query) {
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        SessionPage page = store.sessions(query);
        for (int guard = 0; guard < 100_000; guard++) {
            for (SessionDescriptor d : page.sessions()) {
                if (!seen.add(d.id())) {
                    fail("session " + d.id() + " listed twice");
                }
                if (!query.matches(d)) {
                    fail("session " + d.id() + " does not match " + query);
                }
                ids.add(d.id());
            }
            if (!page.hasNext()) {
                assertEquals(new ArrayList<>(new TreeSet<>(ids)), ids, "sessions in id order");
                return ids;
            }
            page = store.sessions(query.next(page));
        }
        throw new AssertionError("paging did not end");
    }

    protected void assertGone(String sessionId) {
        assertThrows(NoSuchSessionException.class, () -> store.session(sessionId), "descriptor of " + sessionId);
        assertThrows(NoSuchSessionException.class, () -> store.read(sessionId), "events of " + sessionId);
        assertFalse(allIds(SessionQuery.all()).contains(sessionId), "listing contains " + sessionId);
    }

    protected static void assertEvents(List<EncodedEvent> expected, List<EncodedEvent> actual) {
        assertEquals(expected.size(), actual.size(), "number of events");
        for (int i = 0; i < expected.size(); i++) {
            EncodedEvent e = expected.get(i), a = actual.get(i);
            assertEquals(e.sessionId(), a.sessionId(), "session of event " + i);
            assertEquals(e.sequence(), a.sequence(), "sequence of event " + i);
            assertEquals(e.time(), a.time(), "time of event " + i);
            assertArrayEquals(e.bytes(), a.bytes(), "bytes of event " + i);
        }
    }

    protected static List<String> ids(List<SessionDescriptor> sessions) {
        return sessions.stream().map(SessionDescriptor::id).collect(Collectors.toList());
    }

    @SafeVarargs
    protected static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
