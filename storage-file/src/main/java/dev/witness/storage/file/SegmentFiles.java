package dev.witness.storage.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names and lists the files of a store directory. Segment files are
 * {@code 00000000000000000001.segment}: a 20-digit zero-padded number, so that a plain
 * directory listing sorts them in log order (as Kafka's {@code LogFileUtils} does). A cut tail
 * is kept aside as {@code <segment>.torn-<n>}.
 *
 * <p>Threading: stateless; the store's write lock serializes the calls that change the directory.
 */
final class SegmentFiles {
    static final String SUFFIX = ".segment";
    static final String LOCK = "witness.lock";
    static final String CLEAN_SHUTDOWN = "clean-shutdown";
    static final String INDEX = "index.mv.db";
    private static final Pattern SEGMENT = Pattern.compile("(\\d{20})\\.segment");

    private SegmentFiles() {
    }

    static String name(long segment) {
        return String.format("%020d", segment) + SUFFIX;
    }

    static Path path(Path dir, long segment) {
        return dir.resolve(name(segment));
    }

    /** The segment numbers present in {@code dir}, ascending. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                Matcher m = SEGMENT.matcher(p.getFileName().toString());
                if (m.matches()) {
                    segments.add(Long.parseLong(m.group(1)));
                }
            });
        }
        segments.sort(null);
        return segments;
    }

    /** The first free {@code <segment>.torn-<n>} path. */
    static Path tornPath(Path dir, long segment) {
        for (int n = 1; ; n++) {
            Path p = dir.resolve(name(segment) + ".torn-" + n);
            if (!Files.exists(p)) {
                return p;
            }
        }
    }

    /** fsyncs the directory itself, so that created, renamed and deleted entries are durable. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for fsync; the entries become durable with the next sync of the file system
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
                throw new UncheckedIOException("cannot sync directory " + dir, e);
            }
        }
    }
}
