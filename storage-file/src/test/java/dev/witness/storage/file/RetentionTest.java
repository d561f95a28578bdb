package dev.witness.storage.file;

import static dev.witness.storage.StoreFixtures.event;
import static dev.witness.storage.StoreFixtures.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention by age and size, reclaiming purged segments, and rotation by age. */
class RetentionTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @TempDir
    Path tmp;

    private static SessionDescriptor session(String id, Instant start) {
        return new SessionDescriptor(id, "jdbc", "jdbc:pg://db/x", "alice", null, "h", 1, start, null, 0, Map.of());
    }

    /** Writes {@code count} events of ~100 bytes, one batch each, timed at {@code time}. */
    private static void write(FileStore store, SessionDescriptor s, int count, Instant time) {
        store.append(new AppendBatch(List.of(s), List.of(), List.of()));
        for (int i = 0; i < count; i++) {
            store.append(AppendBatch.of(List.of(event(s.id(), i, micros(time)))));
        }
    }

    @Test
    void segmentsOlderThanTheRetentionAgeAreDeletedWithTheSessionsThatStartedInThem() {
        TestStores.MutableClock clock = new TestStores.MutableClock(NOW);
        FileStoreOptions options = FileStoreOptions.parse(Map.of("segmentBytes", "4KiB", "retention.age", "1d"));
        Path dir = tmp.resolve("age");
        try (FileStore store = FileStore.open(dir, options, clock)) {
            SessionDescriptor old = session("old", NOW.minus(Duration.ofDays(3)));
            write(store, old, 100, NOW.minus(Duration.ofDays(3)));
            store.append(new AppendBatch(List.of(), List.of(), List.of(old.end(NOW.minus(Duration.ofDays(3)), 100))));
            SessionDescriptor fresh = session("fresh", NOW);
            write(store, fresh, 100, NOW);
            assertThrows(NoSuchSessionException.class, () -> store.session("old"));
            assertEquals(List.of("fresh"), ids(store));
            assertEquals(100, TestStores.readAll(store, "fresh").size());
            assertFalse(Files.exists(SegmentFiles.path(dir, 1)), "the oldest segment is gone");

            // time passes: the fresh session ages out too once its segments are no longer active
            clock.advance(Duration.ofDays(2));
            SessionDescriptor later = session("later", NOW.plus(Duration.ofDays(2)));
            write(store, later, 60, NOW.plus(Duration.ofDays(2)));
            assertEquals(List.of("later"), ids(store));
        }
    }

    @Test
    void theOldestSegmentsAreDeletedWhileTheStoreIsLargerThanTheRetentionBytes() {
        FileStoreOptions options = FileStoreOptions.parse(Map.of("segmentBytes", "4KiB", "retention.bytes", "16KiB"));
        Path dir = tmp.resolve("bytes");
        try (FileStore store = FileStore.open(dir, options)) {
            for (int s = 0; s < 30; s++) {
                write(store, session(String.format("s-%02d", s), NOW.plusSeconds(s)), 20, NOW.plusSeconds(s));
            }
            long total = 0;
            for (long segment : TestStores.segments(dir)) {
                total += SegmentFiles.path(dir, segment).toFile().length();
            }
            assertTrue(total <= 16 * 1024 + 4096, "segments take " + total + " bytes");
            List<String> ids = ids(store);
            assertFalse(ids.contains("s-00"), "the oldest sessions are gone");
            assertTrue(ids.contains("s-29"), "the newest session is kept");
            // every listed session is whole: a session is kept only while the segment with its start is kept
            for (String id : ids) {
                List<EncodedEvent> events = TestStores.readAll(store, id);
                assertEquals(20, events.size(), id);
            }
            // and the listing is a suffix of what was written
            int first = Integer.parseInt(ids.get(0).substring(2));
            assertEquals(30 - first, ids.size());
        }
    }

    @Test
    void purgedSessionsFreeTheirSegmentsOnceNoLiveSessionIsLeftInThem() {
        FileStoreOptions options = FileStoreOptions.parse(Map.of("segmentBytes", "4KiB"));
        Path dir = tmp.resolve("purge");
        try (FileStore store = FileStore.open(dir, options)) {
            write(store, session("a", NOW), 100, NOW);
            write(store, session("b", NOW.plusSeconds(1)), 100, NOW);
            int before = TestStores.segments(dir).size();
            assertTrue(before >= 4, "segments: " + before);
            assertEquals(1, store.purge(List.of("a")));
            List<Long> after = TestStores.segments(dir);
            assertTrue(after.size() < before, "a's segments were deleted: " + after);
            assertEquals(List.of("b"), ids(store));
            assertEquals(100, TestStores.readAll(store, "b").size());
        }
        // and a rebuilt index agrees
        try (FileStore store = FileStore.open(dir, options)) {
            assertEquals(List.of("b"), ids(store));
        }
        assertTrue(dir.resolve(SegmentFiles.INDEX).toFile().delete());
        try (FileStore store = FileStore.open(dir, options)) {
            assertEquals(List.of("b"), ids(store));
            assertEquals(100, TestStores.readAll(store, "b").size());
        }
    }

    @Test
    void purgedSessionsStayGoneWhenTheIndexIsRebuiltFromTheLog() {
        Path dir = tmp.resolve("rebuild");
        try (FileStore store = FileStore.open(dir, FileStoreOptions.defaults())) {
            write(store, session("keep", NOW), 5, NOW);
            write(store, session("drop", NOW.plusSeconds(1)), 5, NOW);
            assertEquals(1, store.purge(List.of("drop")));
        }
        assertTrue(dir.resolve(SegmentFiles.INDEX).toFile().delete());
        try (FileStore store = FileStore.open(dir, FileStoreOptions.defaults())) {
            assertEquals(List.of("keep"), ids(store));
            assertThrows(NoSuchSessionException.class, () -> store.read("drop"));
        }
    }

    @Test
    void theActiveSegmentRollsOnceItIsOlderThanTheSegmentAge() {
        TestStores.MutableClock clock = new TestStores.MutableClock(NOW);
        FileStoreOptions options = FileStoreOptions.parse(Map.of("segmentAge", "10m"));
        Path dir = tmp.resolve("roll");
        try (FileStore store = FileStore.open(dir, options, clock)) {
            write(store, session("s", NOW), 3, NOW);
            assertEquals(List.of(1L), TestStores.segments(dir));
            clock.advance(Duration.ofMinutes(9));
            store.append(AppendBatch.of(List.of(event("s", 3, micros(NOW)))));
            assertEquals(List.of(1L), TestStores.segments(dir));
            clock.advance(Duration.ofMinutes(2));
            store.append(AppendBatch.of(List.of(event("s", 4, micros(NOW)))));
            assertEquals(List.of(1L, 2L), TestStores.segments(dir));
            assertEquals(5, TestStores.readAll(store, "s").size());
        }
        // the age survives a restart: it is measured from the segment's creation, kept in the index
        try (FileStore store = FileStore.open(dir, options, clock)) {
            clock.advance(Duration.ofMinutes(11));
            store.append(AppendBatch.of(List.of(event("s", 5, micros(NOW)))));
            assertEquals(List.of(1L, 2L, 3L), TestStores.segments(dir));
            assertEquals(6, TestStores.readAll(store, "s").size());
        }
    }

    private static List<String> ids(FileStore store) {
        List<String> ids = new ArrayList<>();
        store.sessions(SessionQuery.builder().limit(1000).build()).sessions().forEach(d -> ids.add(d.id()));
        return ids;
    }
}
