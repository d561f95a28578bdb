package dev.witness.recorder;

import dev.witness.masking.Masker;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@link RecordingSession#recordWithoutWaiting} never parks the caller (Kafka's I/O thread must
 * not), even with {@code block} backpressure and a writer that is stalled outright, and loses
 * nothing: once the writer moves again every event is stored and the chain verifies.
 */
class RecordWithoutWaitingTest {
    @Test
    void neverWaitsAndLosesNothingUnderBlock(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Masker stalling = (field, value) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return value;
        };
        String id;
        Recorder recorder = Recorder.builder().masker(stalling)
                .config(config(dir).put("witness.queue.capacity", "16").build()).build();
        try {
            RecordingSession session = recorder.openSession(SessionSpec.of("kafka-producer", "stalled"));
            id = session.id();
            CountDownLatch done = new CountDownLatch(1);
            Thread ioThread = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    int n = i;
                    session.recordWithoutWaiting(() -> statement(n, "ack " + n));
                }
                done.countDown();
            });
            ioThread.start();
            assertTrue(done.await(10, TimeUnit.SECONDS),
                    "1,000 events past a stalled writer and a 16-event queue without waiting");
            release.countDown();
            session.close();
        } finally {
            release.countDown();
            recorder.close();
        }
        try (RecordingStore store = openStore(dir); RecordingReader reader = RecordingReader.of(store)) {
            assertEquals(1000, dataEvents(reader.events(id)));
            assertTrue(reader.verify(id).ok(), reader.verify(id).toString());
        }
        assertEquals(0, recorder.stats().dropped());
    }
}
