package dev.witness.storage.file;

import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConformanceTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract, run against the file store with small segments so that rotation happens. */
class FileStoreConformanceTest extends StoreConformanceTest {
    @TempDir
    Path dir;

    @Override
    protected RecordingStore openStore() {
        return FileStore.open(dir.resolve("store"), FileStoreOptions.parse(Map.of(FileStoreOptions.SEGMENT_BYTES, "64KiB")));
    }
}
