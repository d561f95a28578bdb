package dev.witness.storage.file;

import static dev.witness.storage.StoreFixtures.event;
import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.payload;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery: a store whose tail was torn (cut at every byte offset) or damaged (every
 * byte flipped) reopens with every whole frame before the damage, nothing after it, a report
 * of the cut with the removed bytes kept aside, and stays appendable.
 */
class RecoveryTest {
    private static final FileStoreOptions EVERY_SYNC_CHECKPOINTS = FileStoreOptions.defaults().withCheckpointInterval(Duration.ZERO);

    @TempDir
    Path tmp;
    private Path golden;
    private SessionDescriptor a;
    private SessionDescriptor b;
    /** Offsets where the frames written after the checkpoint start, plus the end of the segment. */
    private long[] boundaries;
    private byte[] goldenSegment;

    /**
     * Golden store: session a with 5 events, synced and checkpointed; then, never synced nor
     * checkpointed, five frames: [a5] [OPEN b, b0] [a6, CLOSE a]. Then the process "crashes".
     */
    @BeforeEach
    void writeGoldenStore() throws IOException {
        golden = tmp.resolve("golden");
        a = session("a", 0);
        b = session("b", 1);
        FileStore store = FileStore.open(golden, EVERY_SYNC_CHECKPOINTS);
        store.append(new AppendBatch(List.of(a), events(a, 0, 5), List.of()));
        store.sync();
        store.append(AppendBatch.of(events(a, 5, 6)));
        store.append(new AppendBatch(List.of(b), events(b, 0, 1), List.of()));
        store.append(new AppendBatch(List.of(), events(a, 6, 7), List.of(a.end(a.startedAt().plusSeconds(9), 7))));
        store.abandon();
        goldenSegment = Files.readAllBytes(SegmentFiles.path(golden, 1));
        boundaries = frameBoundaries();
        assertEquals(6, boundaries.length, "five frames in the tail");
    }

    @Test
    void cutAtEveryByteOfTheTailKeepsEveryWholeFrameBeforeTheCut() throws IOException {
        for (long cut = boundaries[0]; cut < boundaries[boundaries.length - 1]; cut++) {
            Path dir = tmp.resolve("cut-" + cut);
            TestStores.copyDirectory(golden, dir);
            try (FileChannel channel = FileChannel.open(SegmentFiles.path(dir, 1), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int whole = wholeFramesBefore(cut);
            long valid = boundaries[whole];
            reopenAndCheck(dir, whole, valid, cut - valid, Arrays.copyOfRange(goldenSegment, (int) valid, (int) cut), "cut at " + cut);
            TestStores.deleteDirectory(dir);
        }
    }

    @Test
    void aFlippedByteAnywhereInTheTailCutsFromItsFrameOn() throws IOException {
        long end = boundaries[boundaries.length - 1];
        for (long at = boundaries[0]; at < end; at++) {
            Path dir = tmp.resolve("flip-" + at);
            TestStores.copyDirectory(golden, dir);
            byte[] damaged = goldenSegment.clone();
            damaged[(int) at] ^= (byte) 0x5A;
            Files.write(SegmentFiles.path(dir, 1), damaged);
            int whole = frameContaining(at);
            long valid = boundaries[whole];
            reopenAndCheck(dir, whole, valid, end - valid, Arrays.copyOfRange(damaged, (int) valid, (int) end), "flip at " + at);
            TestStores.deleteDirectory(dir);
        }
    }

    @Test
    void aCutBelowTheCheckpointRebuildsTheIndexFromTheSegments() throws IOException {
        // a clean close checkpoints the index at the end of the log; cutting the log below that puts the index in doubt
        FileStore store = FileStore.open(golden, EVERY_SYNC_CHECKPOINTS);
        store.close();
        for (long cut = boundaries[3]; cut < boundaries[5]; cut++) {
            Path dir = tmp.resolve("below-" + cut);
            TestStores.copyDirectory(golden, dir);
            try (FileChannel channel = FileChannel.open(SegmentFiles.path(dir, 1), StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }
            int whole = wholeFramesBefore(cut);
            try (FileStore reopened = FileStore.open(dir, EVERY_SYNC_CHECKPOINTS)) {
                assertState(reopened, whole, "cut at " + cut);
                assertEquals(cut != boundaries[whole], !reopened.recoveryReport().truncations().isEmpty(), "cut at " + cut);
            }
            TestStores.deleteDirectory(dir);
        }
    }

    @Test
    void aCleanShutdownNeedsNoRecovery() {
        Path dir = tmp.resolve("clean");
        FileStore store = FileStore.open(dir, FileStoreOptions.defaults());
        assertTrue(store.recoveryReport().cleanShutdown(), "a new store");
        store.append(new AppendBatch(List.of(a), events(a, 0, 3), List.of()));
        store.close();
        try (FileStore reopened = FileStore.open(dir, FileStoreOptions.defaults())) {
            assertEquals(RecoveryReport.clean(), reopened.recoveryReport());
            assertEquals(3, TestStores.readAll(reopened, "a").size());
        }
    }

    @Test
    void anUncleanShutdownWithAWholeTailLosesNothing() {
        try (FileStore reopened = FileStore.open(golden, FileStoreOptions.defaults())) {
            assertFalse(reopened.recoveryReport().cleanShutdown());
            assertEquals(List.of(), reopened.recoveryReport().truncations());
            assertState(reopened, 5, "whole tail");
        }
    }

    @Test
    void aMissingIndexIsRebuiltFromTheSegments() throws IOException {
        FileStore.open(golden, FileStoreOptions.defaults()).close();
        Files.delete(golden.resolve(SegmentFiles.INDEX));
        try (FileStore reopened = FileStore.open(golden, FileStoreOptions.defaults())) {
            assertState(reopened, 5, "rebuilt");
        }
    }

    @Test
    void anUnreadableIndexIsRebuiltFromTheSegments() throws IOException {
        FileStore.open(golden, FileStoreOptions.defaults()).close();
        Files.write(golden.resolve(SegmentFiles.INDEX), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (FileStore reopened = FileStore.open(golden, FileStoreOptions.defaults())) {
            assertState(reopened, 5, "rebuilt");
        }
    }

    @Test
    void damageInAnOlderSegmentIsCutThereAndLaterSegmentsAreKept() throws IOException {
        Path dir = tmp.resolve("segments");
        FileStoreOptions small = FileStoreOptions.parse(java.util.Map.of("segmentBytes", "4KiB"));
        SessionDescriptor s = session("s", 0);
        try (FileStore store = FileStore.open(dir, small)) {
            store.append(new AppendBatch(List.of(s), List.of(), List.of()));
            for (int i = 0; i < 120; i++) {
                store.append(AppendBatch.of(events(s, i, i + 1)));
            }
        }
        List<Long> segments = TestStores.segments(dir);
        assertTrue(segments.size() >= 3, "rotation by size: " + segments);
        // a bit flip in the last byte of the first segment (its last frame), after a crash
        Path first = SegmentFiles.path(dir, segments.get(0));
        byte[] bytes = Files.readAllBytes(first);
        bytes[bytes.length - 1] ^= 1;
        Files.write(first, bytes);
        Files.delete(dir.resolve(SegmentFiles.CLEAN_SHUTDOWN));
        Files.delete(dir.resolve(SegmentFiles.INDEX));
        try (FileStore reopened = FileStore.open(dir, small)) {
            assertEquals(1, reopened.recoveryReport().truncations().size());
            assertEquals(SegmentFiles.name(segments.get(0)), reopened.recoveryReport().truncations().get(0).location());
            List<EncodedEvent> read = TestStores.readAll(reopened, "s");
            assertEquals(119, read.size(), "one event lost, every later one kept");
            long missing = -1;
            for (int i = 0, expected = 0; i < read.size(); i++, expected++) {
                if (read.get(i).sequence() != expected) {
                    assertEquals(-1, missing, "exactly one gap");
                    missing = expected;
                    expected++;
                }
                assertEquals(expected, read.get(i).sequence());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private void reopenAndCheck(Path dir, int whole, long valid, long cutBytes, byte[] removed, String what) throws IOException {
        try (FileStore store = FileStore.open(dir, FileStoreOptions.defaults())) {
            RecoveryReport report = store.recoveryReport();
            assertFalse(report.cleanShutdown(), what);
            if (cutBytes == 0) {
                assertEquals(List.of(), report.truncations(), what);
            } else {
                assertEquals(1, report.truncations().size(), what);
                RecoveryReport.Truncation t = report.truncations().get(0);
                assertEquals(SegmentFiles.name(1), t.location(), what);
                assertEquals(valid, t.validBytes(), what);
                assertEquals(cutBytes, t.cutBytes(), what);
                assertArrayEquals(removed, Files.readAllBytes(dir.resolve(t.keptAside())), what + ": removed bytes kept aside");
            }
            assertEquals(valid, Files.size(SegmentFiles.path(dir, 1)), what);
            assertState(store, whole, what);
            // still appendable, in order
            int aEvents = aEvents(whole);
            store.append(AppendBatch.of(List.of(event("a", aEvents, 1000))));
            List<EncodedEvent> read = TestStores.readAll(store, "a");
            assertEquals(aEvents + 1, read.size(), what);
            assertEquals(aEvents, read.get(aEvents).sequence(), what);
        }
        try (FileStore again = FileStore.open(dir, FileStoreOptions.defaults())) {
            assertEquals(RecoveryReport.clean(), again.recoveryReport(), what);
            assertEquals(aEvents(whole) + 1, TestStores.readAll(again, "a").size(), what);
        }
    }

    /** Frames of the tail: 0 [a5], 1 [OPEN b], 2 [b0], 3 [a6], 4 [CLOSE a]. */
    private void assertState(FileStore store, int wholeTailFrames, String what) {
        int aEvents = aEvents(wholeTailFrames);
        List<EncodedEvent> read = TestStores.readAll(store, "a");
        assertEquals(aEvents, read.size(), what);
        for (int i = 0; i < read.size(); i++) {
            assertEquals(i, read.get(i).sequence(), what);
            assertArrayEquals(payload("a", i), read.get(i).bytes(), what);
        }
        if (wholeTailFrames >= 2) {
            assertEquals(wholeTailFrames >= 3 ? 1 : 0, TestStores.readAll(store, "b").size(), what);
            assertEquals(List.of("a", "b"), ids(store));
        } else {
            assertThrows(NoSuchSessionException.class, () -> store.session("b"), what);
            assertEquals(List.of("a"), ids(store));
        }
        if (wholeTailFrames >= 5) {
            assertEquals(7, store.session("a").eventCount(), what);
        } else {
            assertNull(store.session("a").endedAt(), what);
        }
    }

    private static int aEvents(int wholeTailFrames) {
        return 5 + (wholeTailFrames >= 1 ? 1 : 0) + (wholeTailFrames >= 4 ? 1 : 0);
    }

    private static List<String> ids(FileStore store) {
        List<String> ids = new ArrayList<>();
        store.sessions(SessionQuery.all()).sessions().forEach(d -> ids.add(d.id()));
        return ids;
    }

    private int wholeFramesBefore(long cut) {
        int whole = 0;
        while (whole + 1 < boundaries.length && boundaries[whole + 1] <= cut) {
            whole++;
        }
        return whole;
    }

    private int frameContaining(long offset) {
        int frame = 0;
        while (boundaries[frame + 1] <= offset) {
            frame++;
        }
        return frame;
    }

    private long[] frameBoundaries() throws IOException {
        long checkpoint;
        try (FileStore probe = FileStore.open(tmp.resolve("probe"), FileStoreOptions.defaults())) {
            probe.append(new AppendBatch(List.of(a), events(a, 0, 5), List.of()));
            checkpoint = Files.size(SegmentFiles.path(probe.directory(), 1));
        }
        List<Long> offsets = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(SegmentFiles.path(golden, 1), StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(channel, checkpoint, channel.size());
            offsets.add(checkpoint);
            while (reader.next() == FrameReader.Status.FRAME) {
                offsets.add(reader.position());
            }
        }
        return offsets.stream().mapToLong(Long::longValue).toArray();
    }
}
