package dev.witness.storage.file;

import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.StoreLockedException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One owner per store directory: in this JVM and across processes. */
class LockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondOpenInThisJvmIsRefusedWithTheDirectoryNamed() {
        Path dir = tmp.resolve("store");
        try (FileStore first = FileStore.open(dir, FileStoreOptions.defaults())) {
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> FileStore.open(dir, FileStoreOptions.defaults()));
            assertTrue(e.getMessage().contains(first.directory().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("already open in this JVM"), e.getMessage());
            // another spelling of the same directory is the same directory
            Path alias = tmp.resolve("store/../store/.");
            assertThrows(StoreLockedException.class, () -> FileStore.open(alias, FileStoreOptions.defaults()));
            // and the refused opens did not disturb the owner
            first.append(new AppendBatch(List.of(session("s", 0)), events(session("s", 0), 0, 2), List.of()));
            assertEquals(2, TestStores.readAll(first, "s").size());
        }
        try (FileStore again = FileStore.open(dir, FileStoreOptions.defaults())) {
            assertEquals(2, TestStores.readAll(again, "s").size());
        }
    }

    @Test
    void anotherProcessHoldingTheStoreIsReportedAndItsDeathReleasesIt() throws Exception {
        Path dir = tmp.resolve("shared");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("LOCKED")) {
                // skip whatever the child logs before it holds the lock
            }
            assertTrue(line != null, "the child did not report holding the lock");
            StoreLockedException e = assertThrows(StoreLockedException.class, () -> FileStore.open(dir, FileStoreOptions.defaults()));
            assertTrue(e.getMessage().contains(dir.toRealPath().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        // the OS released the lock with the process; its store was never closed
        try (FileStore store = FileStore.open(dir, FileStoreOptions.defaults())) {
            assertFalse(store.recoveryReport().cleanShutdown());
        }
    }
}
