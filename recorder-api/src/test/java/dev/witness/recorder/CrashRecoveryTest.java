package dev.witness.recorder;

import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.RecoveryReport;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A child JVM records under load with {@code batch} durability and is killed with SIGKILL at a
 * random moment, many times over the same store. After each kill the store is reopened: no
 * event the Recorder had reported durable (flush returned) is lost, every session's chain
 * verifies up to its tail, and torn tails are reported by recovery.
 */
class CrashRecoveryTest {
    private static final int KILLS = 8;

    @Test
    void sigkillLosesNothingReportedDurable(@TempDir Path dir) throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        int truncationsReported = 0;
        for (int round = 0; round < KILLS; round++) {
            Path log = dir.resolveSibling(dir.getFileName() + "-child-" + round + ".log");
            Map<String, Long> durable = runAndKill(dir, log, 300 + random.nextInt(1200));
            assertFalse(durable.isEmpty(), "round " + round + " (seed " + seed + "): the child reported nothing durable;"
                    + " its stderr:\n" + java.nio.file.Files.readString(log));
            try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
                RecoveryReport report = store.recoveryReport();
                assertFalse(report.cleanShutdown(), "a SIGKILLed store is not clean");
                truncationsReported += report.truncations().size();
                for (Map.Entry<String, Long> e : durable.entrySet()) {
                    List<RecordedEvent> events = reader.events(e.getKey());
                    assertTrue(dataEvents(events) >= e.getValue(), "round " + round + " (seed " + seed + "): session "
                            + e.getKey() + " has " + dataEvents(events) + " events, " + e.getValue() + " were durable");
                }
                String after = null;
                while (true) {
                    var page = reader.sessions(SessionQuery.builder().afterId(after).limit(200).build());
                    for (SessionDescriptor d : page.sessions()) {
                        Verification v = reader.verify(d.id());
                        assertTrue(v.ok(), "round " + round + " (seed " + seed + "): " + v);
                    }
                    if (!page.hasNext()) break;
                    after = page.nextAfterId();
                }
            }
        }
        System.out.println("crash rounds: " + KILLS + ", torn tails reported: " + truncationsReported);
    }

    /** Runs the child until it has reported durable counts, kills it after {@code millis}, returns the last report. */
    private static Map<String, Long> runAndKill(Path dir, Path log, int millis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), storeUri(dir)).redirectError(log.toFile()).start();
        Map<String, Long> durable = new HashMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            long killAt = Long.MAX_VALUE;
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("DURABLE ")) {
                    String[] parts = line.split(" ");
                    durable.put(parts[1], Long.parseLong(parts[2]));
                    if (killAt == Long.MAX_VALUE) {
                        killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
                    }
                }
                if (System.nanoTime() >= killAt || System.nanoTime() > deadline) {
                    child.destroyForcibly(); // SIGKILL on Linux
                    break;
                }
            }
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        return durable;
    }
}
