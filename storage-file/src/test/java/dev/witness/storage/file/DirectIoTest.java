package dev.witness.storage.file;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.SessionDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The store's segments are written with direct I/O where the file system allows it, and only then. */
class DirectIoTest {

    @Test
    void theTemporaryDirectoryTakesDirectIoAndAStoreUsesItByDefault(@TempDir Path dir) throws IOException {
        String fs = Files.getFileStore(dir).type();
        // tmpfs refuses O_DIRECT: the fallback is then what runs (checked below), not direct I/O
        assumeTrue(!fs.equals("tmpfs"), "temporary directory on " + fs);
        try (SegmentWriter w = SegmentWriter.open(dir, 1, 0, true)) {
            assertTrue(w.directIo(), "direct I/O on " + fs);
        }
        try (SegmentWriter w = SegmentWriter.open(dir, 2, 0, false)) {
            assertFalse(w.directIo());
        }
    }

    @Test
    void aStoreWithAndWithoutDirectIoStoresAndReadsTheSameEvents(@TempDir Path dir) throws IOException {
        for (String directIo : List.of("true", "false")) {
            Path storeDir = dir.resolve(directIo);
            FileStoreOptions options = FileStoreOptions.parse(Map.of("directIo", directIo, "segmentBytes", "64KiB"));
            assertEquals(Boolean.parseBoolean(directIo), options.directIo());
            List<EncodedEvent> written = new ArrayList<>();
            // two openings: the second appends after a partial block left by the first
            for (int opening = 0; opening < 2; opening++) {
                try (FileStore store = FileStore.open(storeDir, options)) {
                    String id = "01M82YCSRG1C8K0ESZG67K468" + opening;
                    SessionDescriptor d = new SessionDescriptor(id, "test", "direct-io", "alice", null, "h", 1,
                            Instant.ofEpochSecond(1_763_840_000L), null, 0, Map.of());
                    List<EncodedEvent> batch = new ArrayList<>();
                    for (int seq = 0; seq < 300; seq++) {
                        byte[] line = ("{\"seq\":" + seq + ",\"pad\":\"" + "x".repeat(seq * 7 % 1500) + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
                        EncodedEvent e = new EncodedEvent(id, seq, 1_763_840_000_000_000L + seq, line);
                        batch.add(e);
                        if (batch.size() == 37 || seq == 299) {
                            store.append(new AppendBatch(seq < 37 ? List.of(d) : List.of(), batch, List.of()));
                            store.sync();
                            written.addAll(batch);
                            batch = new ArrayList<>();
                        }
                    }
                    List<EncodedEvent> read = TestStores.readAll(store, id);
                    assertEquals(300, read.size());
                    for (int i = 0; i < 300; i++) {
                        assertEquals(new String(written.get(written.size() - 300 + i).bytes(), StandardCharsets.UTF_8),
                                new String(read.get(i).bytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        // the same frames: segment by segment, the two stores hold the same lengths
        try (var a = Files.list(dir.resolve("true")); var b = Files.list(dir.resolve("false"))) {
            List<Long> sizesA = a.filter(p -> p.toString().endsWith(".segment")).sorted().map(DirectIoTest::size).toList();
            List<Long> sizesB = b.filter(p -> p.toString().endsWith(".segment")).sorted().map(DirectIoTest::size).toList();
            assertTrue(sizesA.size() > 1, "the test rolls segments: " + sizesA);
            assertEquals(sizesB, sizesA);
        }
    }

    @Test
    void aFailingDirectWriteIsWrittenThroughThePageCacheInstead(@TempDir Path dir) throws IOException {
        try (SegmentWriter w = SegmentWriter.open(dir, 1, 0, true)) {
            assumeTrue(w.directIo(), "direct I/O available here");
            byte[] first = "first batch, not a whole block".getBytes(StandardCharsets.UTF_8);
            byte[] second = "second batch, after the direct channel failed".getBytes(StandardCharsets.UTF_8);
            assertEquals(0, w.append(java.nio.ByteBuffer.wrap(first)));
            w.directAppender().close(); // its next write throws ClosedChannelException, as a refusing file system would fail
            assertEquals(first.length, w.append(java.nio.ByteBuffer.wrap(second)));
            assertFalse(w.directIo(), "fell back to the page cache");
            w.force();
            byte[] expected = new byte[first.length + second.length];
            System.arraycopy(first, 0, expected, 0, first.length);
            System.arraycopy(second, 0, expected, first.length, second.length);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, Files.readAllBytes(SegmentFiles.path(dir, 1)));
        }
    }

    @Test
    void aHugeBatchThenSmallOnesKeepTheirBytes(@TempDir Path dir) throws IOException {
        // 17 MiB grows the aligned buffer past what it keeps; the small batches after it start from its tail
        java.util.Random random = new java.util.Random(7);
        byte[][] batches = {new byte[(17 << 20) + 123], new byte[100], new byte[5000]};
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        try (SegmentWriter w = SegmentWriter.open(dir, 1, 0, true)) {
            for (byte[] b : batches) {
                random.nextBytes(b);
                assertEquals(expected.size(), w.append(java.nio.ByteBuffer.wrap(b)));
                expected.write(b);
            }
            w.force();
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(),
                Files.readAllBytes(SegmentFiles.path(dir, 1)));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
