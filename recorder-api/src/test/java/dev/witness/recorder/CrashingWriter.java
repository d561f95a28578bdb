package dev.witness.recorder;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child process of {@link CrashRecoveryTest}: records from three threads, and after each
 * successful {@link Recorder#flush()} prints {@code DURABLE <session> <events>} for the counts
 * taken before that flush began. It runs until killed.
 */
public final class CrashingWriter {
    public static void main(String[] args) throws Exception {
        Recorder recorder = Recorder.builder()
                .config(dev.witness.recorder.config.WitnessConfig.builder().put("witness.store", args[0])
                        .put("witness.durability", "batch").build())
                .build();
        ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();
        for (int t = 0; t < 3; t++) {
            int n = t;
            Thread writer = new Thread(() -> {
                while (true) {
                    try (RecordingSession s = recorder.openSession(SessionSpec.of("crash", "thread-" + n))) {
                        AtomicLong count = new AtomicLong();
                        counts.put(s.id(), count);
                        for (int i = 0; i < 5_000; i++) {
                            s.record(RecorderTestSupport.statement(i, "insert into t values (" + i + ", 'x')"));
                            count.incrementAndGet();
                        }
                    }
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
        while (true) {
            Thread.sleep(20);
            java.util.Map<String, Long> snapshot = new java.util.HashMap<>();
            counts.forEach((id, c) -> snapshot.put(id, c.get()));
            if (recorder.flush()) {
                StringBuilder sb = new StringBuilder();
                snapshot.forEach((id, c) -> sb.append("DURABLE ").append(id).append(' ').append(c).append('\n'));
                System.out.print(sb);
                System.out.flush();
            }
        }
    }
}
