package dev.witness.storage.s3;

import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a crash leaves in the spool (sealed and active segments never uploaded) goes up at the next start. */
class RestartTest {
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("restart");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private S3Store open(String instance, String segmentAge) {
        Map<String, String> o = server.options(dir.resolve(instance), instance);
        o.put(S3StoreOptions.SEGMENT_BYTES, "16KiB");
        o.put(S3StoreOptions.SEGMENT_AGE, segmentAge);
        o.put(S3StoreOptions.REFRESH, "0s");
        return S3Server.open("s3://restart/p", o);
    }

    @Test
    void theNextStartUploadsWhatACrashLeftInTheSpool() {
        SessionDescriptor s = session("crash-1", 0);
        S3Store writer = open("w", "1h");
        try {
            writer.append(new AppendBatch(List.of(s), events(s, 0, 300), List.of()));
            assertTrue(writer.flush(Duration.ofSeconds(30)), "a first part is uploaded");
            server.stop();
            writer.append(AppendBatch.of(events(s, 300, 900))); // several 16 KiB segments sealed, none uploaded
            writer.sync();
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            writer.abandon();
            try {
                server.start();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
        try (S3Store reader = open("r", "1h")) {
            assertEquals(300, readAll(reader, s.id()).size(), "only the first part reached the bucket");
        }
        try (S3Store again = open("w", "1h")) {
            again.append(new AppendBatch(List.of(), events(s, 900, 1000), List.of(s.end(s.startedAt().plusSeconds(9), 1000))));
            assertEquals(1000, readAll(again, s.id()).size(), "the restarted writer reads its spool and the bucket as one");
            assertTrue(again.flush(Duration.ofSeconds(30)));
        }
        try (S3Store reader = open("r", "1h")) {
            List<EncodedEvent> all = readAll(reader, s.id());
            assertEquals(1000, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).sequence());
                assertArrayEquals(StoreFixtures.payload(s.id(), i), all.get(i).bytes());
            }
            assertTrue(reader.session(s.id()).ended());
            assertThrows(NoSuchSessionException.class, () -> reader.read("never-written"));
        }
    }

    @Test
    void anUploadWhoseAnswerWasLostIsNotUploadedTwice() {
        java.util.concurrent.atomic.AtomicInteger lost = new java.util.concurrent.atomic.AtomicInteger();
        RequestLog log = new RequestLog();
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor loseFirstIndexAnswer =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                                               software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.httpRequest().method() == software.amazon.awssdk.http.SdkHttpMethod.PUT
                                && context.httpRequest().encodedPath().contains("/index/") && lost.getAndIncrement() == 0) {
                            throw software.amazon.awssdk.core.exception.SdkClientException.create("test: the answer to the index PUT was lost");
                        }
                    }
                };
        Map<String, String> o = server.options(dir.resolve("lost"), "lost");
        SessionDescriptor s = session("lost-1", 0);
        try (S3Store store = S3Store.open(S3StoreOptions.parse(java.net.URI.create("s3://restart/lost"), o),
                List.of(log, loseFirstIndexAnswer), java.time.Clock.systemUTC())) {
            store.append(new AppendBatch(List.of(s), events(s, 0, 20), List.of(s.end(s.startedAt().plusSeconds(1), 20))));
            assertTrue(store.flush(Duration.ofSeconds(30)));
            assertEquals(20, readAll(store, s.id()).size());
        }
        assertTrue(lost.get() >= 1);
        assertEquals(1, log.matching(r -> r.method().equals("PUT") && r.path().contains("/segments/")).size(),
                "the segment went up once: the retry found its index object and only handed it over");
        Map<String, String> r = server.options(dir.resolve("reader-lost"), "reader");
        try (S3Store reader = S3Store.open(S3StoreOptions.parse(java.net.URI.create("s3://restart/lost"), r))) {
            assertEquals(20, readAll(reader, s.id()).size());
        }
    }

    private static List<EncodedEvent> readAll(S3Store store, String id) {
        List<EncodedEvent> out = new ArrayList<>();
        try (EventCursor c = store.read(id)) {
            c.forEachRemaining(out::add);
        }
        return out;
    }
}
