package dev.witness.storage.s3;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rough sustained-throughput figure for the S3 store against the in-process server, for the
 * benchmarks note until a JMH benchmark owns it. Off by default; run with
 * {@code -Dwitness.s3.throughput=true -Dtest=S3ThroughputTest}. Batches of 500 events of 300
 * bytes over 20 sessions, one sync per batch, 16 MiB segments; reports events/s for appending
 * (spool durable) and for appending plus the upload of everything.
 */
@EnabledIfSystemProperty(named = "witness.s3.throughput", matches = "true")
class S3ThroughputTest {
    @TempDir
    Path dir;

    @Test
    void sustainedEventsPerSecond() throws Exception {
        int batches = Integer.getInteger("witness.s3.batches", 400), perBatch = 500, sessions = 20;
        byte[] payload = new byte[300];
        try (S3Server server = S3Server.start("bench")) {
            Map<String, String> o = server.options(dir.resolve("spool"), "bench");
            o.put(S3StoreOptions.SEGMENT_BYTES, "16MiB");
            o.put(S3StoreOptions.SPOOL_MAX_BYTES, "256MiB");
            try (S3Store store = S3Server.open("s3://bench/run", o)) {
                List<SessionDescriptor> open = new ArrayList<>();
                for (int s = 0; s < sessions; s++) {
                    open.add(StoreFixtures.session("b-" + s, s));
                }
                store.append(new AppendBatch(open, List.of(), List.of()));
                long[] next = new long[sessions];
                long start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    List<EncodedEvent> batch = new ArrayList<>(perBatch);
                    for (int e = 0; e < perBatch; e++) {
                        int s = e % sessions;
                        batch.add(new EncodedEvent(open.get(s).id(), next[s]++, 0, payload));
                    }
                    store.append(AppendBatch.of(batch));
                    store.sync();
                }
                long appended = System.nanoTime();
                assertTrue(store.flush(Duration.ofMinutes(5)));
                long uploaded = System.nanoTime();
                long events = (long) batches * perBatch;
                System.out.printf("S3 store: %d events, append+sync %.0f events/s, append+sync+upload %.0f events/s (%d segments)%n",
                        events, events / ((appended - start) / 1e9), events / ((uploaded - start) / 1e9), store.uploadedSegments());
            }
        }
    }
}
