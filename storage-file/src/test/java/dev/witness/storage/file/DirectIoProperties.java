package dev.witness.storage.file;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Appends written with direct I/O (whole padded blocks, the last partial block written again)
 * leave exactly the bytes that plain appends leave, across reopening a segment in the middle
 * of a block. Where the file system refuses direct I/O both sides are plain and agree trivially;
 * {@code DirectIoTest} checks that this machine's temporary directory does take it.
 */
class DirectIoProperties {

    @Property(tries = 60)
    void directAppendsWriteTheSameBytesAsPlainOnes(@ForAll("appends") List<Integer> sizes,
                                                   @ForAll("reopenAt") int reopenAt) throws IOException {
        Path dir = Files.createTempDirectory("witness-direct");
        try {
            Path direct = Files.createDirectories(dir.resolve("direct"));
            Path plain = Files.createDirectories(dir.resolve("plain"));
            byte[] expected = write(plain, sizes, reopenAt, false);
            byte[] actual = write(direct, sizes, reopenAt, true);
            assertEquals(expected.length, actual.length, "segment length");
            assertArrayEquals(expected, actual);
        } finally {
            TestStores.deleteDirectory(dir.resolve("direct"));
            TestStores.deleteDirectory(dir.resolve("plain"));
            Files.delete(dir);
        }
    }

    /** Appends batches of the given sizes (deterministic content), reopening the segment before append {@code reopenAt}. */
    private static byte[] write(Path dir, List<Integer> sizes, int reopenAt, boolean directIo) throws IOException {
        Random content = new Random(sizes.hashCode());
        SegmentWriter writer = SegmentWriter.open(dir, 1, 0, directIo);
        try {
            long expectedSize = 0;
            for (int i = 0; i < sizes.size(); i++) {
                if (i == reopenAt) {
                    writer.force();
                    writer.close();
                    writer = SegmentWriter.open(dir, 1, 0, directIo);
                }
                byte[] batch = new byte[sizes.get(i)];
                content.nextBytes(batch);
                assertEquals(expectedSize, writer.append(ByteBuffer.wrap(batch)));
                expectedSize += batch.length;
                assertEquals(expectedSize, writer.size());
                assertEquals(expectedSize, Files.size(SegmentFiles.path(dir, 1)), "no padding left in the file");
            }
            writer.force();
        } finally {
            writer.close();
        }
        return Files.readAllBytes(SegmentFiles.path(dir, 1));
    }

    @Provide
    Arbitrary<List<Integer>> appends() {
        // around block sizes (512, 4096), tiny ones, and a few larger than the appender's first buffer (1 MiB)
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.integers().between(1, 9000)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(511, 512, 513, 4095, 4096, 4097, 8192)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1 << 20, (1 << 20) + 70_000)));
        return size.list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Integer> reopenAt() {
        return Arbitraries.integers().between(0, 12);
    }
}
