package dev.witness.recorder;

import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** A JVM that exits without closing its Recorder still gets every recorded event stored. */
class ShutdownHookTest {
    @Test
    void shutdownHookFlushesWhatTheApplicationDidNotClose(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitingWriter.class.getName(), storeUri(dir), "20000").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String sessionId = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue());
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            assertTrue(store.recoveryReport().cleanShutdown(), "the hook closed the store cleanly");
            assertEquals(20000, dataEvents(reader.events(sessionId)));
            assertTrue(reader.verify(sessionId).ok(), reader.verify(sessionId).toString());
        }
    }
}
