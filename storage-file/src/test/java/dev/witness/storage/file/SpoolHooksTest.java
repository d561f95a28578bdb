package dev.witness.storage.file;

import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks a store uses when this store is its spool (the S3 store): seal, release, SegmentFrames. */
class SpoolHooksTest {
    @TempDir
    Path dir;

    private FileStore open() {
        return FileStore.open(dir, FileStoreOptions.parse(Map.of()).withSegmentsKeptUntilReleased());
    }

    @Test
    void sealReleaseAndReadFramesBack() throws Exception {
        SessionDescriptor open = session("open", 0);
        SessionDescriptor ended = session("ended", 1);
        try (FileStore store = open()) {
            assertEquals(-1, store.seal(), "an empty active segment is not sealed");
            store.append(new AppendBatch(List.of(open, ended), events(open, 0, 3), List.of()));
            store.append(new AppendBatch(List.of(), events(ended, 0, 2), List.of(ended.end(ended.startedAt().plusSeconds(1), 2))));
            assertEquals(1, store.seal());
            assertEquals(List.of(1L), store.sealedSegments());
            assertEquals(2, store.activeSegment());

            List<SegmentFrames.Frame> frames = new ArrayList<>();
            try (InputStream in = Files.newInputStream(store.segmentPath(1));
                 SegmentFrames.Reader reader = SegmentFrames.reader(in, 0, "segment 1")) {
                for (SegmentFrames.Frame f; (f = reader.next()) != null; ) {
                    frames.add(f);
                }
            }
            assertEquals(2 + 3 + 2 + 1, frames.size());
            assertEquals(open, ((SegmentFrames.Open) frames.get(0)).descriptor());
            assertTrue(frames.get(frames.size() - 1) instanceof SegmentFrames.Close);
            assertEquals(Files.size(store.segmentPath(1)), frames.get(frames.size() - 1).end());

            store.append(AppendBatch.of(events(open, 3, 5)));
            store.release(1);
            assertFalse(Files.exists(store.segmentPath(1)));
            assertEquals(List.of(), store.sealedSegments());
            assertEquals(open, store.session("open"), "an open session stays listed after its first segment is released");
            assertEquals(2, TestStores.readAll(store, "open").size(), "only the events still in the spool");
            assertThrows(NoSuchSessionException.class, () -> store.session("ended"), "an ended, fully released session is forgotten");
            assertThrows(IllegalArgumentException.class, () -> store.release(2), "the active segment cannot be released");
        }
        try (FileStore store = open()) {
            assertEquals(open, store.session("open"));
            store.append(AppendBatch.of(events(open, 5, 6)));
            assertEquals(3, TestStores.readAll(store, "open").size());
            assertEquals(List.of("open"), store.sessionsOlderThan(open.startedAt().plusSeconds(3600)));
        }
    }

    @Test
    void keptSegmentsAreNotDeletedByThePurgeRule() {
        SessionDescriptor s = session("p", 0);
        try (FileStore store = open()) {
            store.append(new AppendBatch(List.of(s), events(s, 0, 3), List.of()));
            store.seal();
            store.purge(List.of("p"));
            assertEquals(List.of(1L), store.sealedSegments(), "a sealed segment waits for release even when nothing in it is live");
        }
    }
}
