package dev.witness.storage.s3;

import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EventCursor;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object Lock and server-side encryption. s3proxy accepts these headers but enforces neither
 * (see {@link S3Server}), so the tests assert on the wire: every object-creating request
 * (PutObject, CreateMultipartUpload) carries the lock mode, a retain-until date and the SSE
 * headers, and every upload carries Content-MD5. Purge refusal is the store's own decision,
 * made from the retain-until dates in the index objects, so it is asserted end to end.
 */
class ObjectLockAndEncryptionTest {
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("locked");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private S3Store open(String prefix, RequestLog log, Map<String, String> extra) {
        Map<String, String> o = server.options(dir.resolve(prefix), "locker");
        o.put(S3StoreOptions.MULTIPART_THRESHOLD, "5MiB");
        o.put(S3StoreOptions.MULTIPART_PART_SIZE, "5MiB");
        o.putAll(extra);
        if (extra.containsKey(S3StoreOptions.OBJECT_LOCK)) {
            o.put(S3StoreOptions.OBJECT_LOCK_CHECK_BUCKET, "false"); // s3proxy reports no lock configuration
        }
        return S3Store.open(S3StoreOptions.parse(URI.create("s3://locked/" + prefix), o), List.of(log), Clock.systemUTC());
    }

    @Test
    void everyObjectCarriesLockAndKmsHeadersAndPurgeRefusesLockedSessions() {
        RequestLog log = new RequestLog();
        SessionDescriptor small = session("l-small", 0);
        SessionDescriptor big = session("l-big", 1);
        Instant before = Instant.now();
        try (S3Store store = open("kms", log, Map.of(S3StoreOptions.OBJECT_LOCK, "COMPLIANCE",
                S3StoreOptions.OBJECT_LOCK_RETENTION, "30d", S3StoreOptions.SSE, "kms", S3StoreOptions.SSE_KMS_KEY_ID, "alias/witness"))) {
            store.append(new AppendBatch(List.of(small, big), events(small, 0, 10), List.of(small.end(small.startedAt().plusSeconds(1), 10))));
            ObjectLockedException spooled = assertThrows(ObjectLockedException.class, () -> store.purge(List.of("l-small")));
            assertTrue(spooled.getMessage().contains("still in the spool"), spooled.getMessage());
            assertTrue(store.flush(Duration.ofSeconds(30)));
            byte[] large = new byte[7 << 20];
            store.append(AppendBatch.of(List.of(new dev.witness.storage.EncodedEvent(big.id(), 0, 5, large))));
            assertTrue(store.flush(Duration.ofSeconds(30)));

            ObjectLockedException refused = assertThrows(ObjectLockedException.class, () -> store.purge(List.of("l-small", "l-big")));
            assertTrue(refused.getMessage().contains("purge refused") && refused.getMessage().contains("locked until")
                    && refused.getMessage().contains("l-small") && refused.getMessage().contains("nothing was purged"), refused.getMessage());
            assertEquals(java.util.Set.of("l-small", "l-big"), refused.sessionIds());
            assertEquals(0, store.purgeOlderThan(Instant.now().plusSeconds(86_400)), "retention keeps what the lock protects");
            assertEquals(small.end(small.startedAt().plusSeconds(1), 10), store.session("l-small"));
            try (EventCursor c = store.read("l-big")) {
                assertEquals(large.length, c.next().bytes().length);
            }
        }
        Instant after = Instant.now();

        List<RequestLog.Request> creates = log.matching(r -> (r.method().equals("PUT") && !r.query().containsKey("partNumber"))
                || (r.method().equals("POST") && r.query().containsKey("uploads")));
        assertTrue(creates.size() >= 4, "segment, index and purge objects were written: " + creates.size());
        assertTrue(log.matching(r -> r.method().equals("POST") && r.query().containsKey("uploads")).size() == 1,
                "the 7 MiB segment went up as a multipart upload");
        for (RequestLog.Request r : creates) {
            assertEquals("COMPLIANCE", r.header("x-amz-object-lock-mode"), r.path());
            Instant until = Instant.parse(r.header("x-amz-object-lock-retain-until-date"));
            assertFalse(until.isBefore(before.plus(Duration.ofDays(30)).minusSeconds(1)), r.path() + " retain until " + until);
            assertFalse(until.isAfter(after.plus(Duration.ofDays(30)).plusSeconds(1)), r.path() + " retain until " + until);
            assertEquals("aws:kms", r.header("x-amz-server-side-encryption"), r.path());
            assertEquals("alias/witness", r.header("x-amz-server-side-encryption-aws-kms-key-id"), r.path());
        }
        for (RequestLog.Request r : log.matching(r -> r.method().equals("PUT"))) {
            assertNotNull(r.header("Content-MD5"), "every upload carries its MD5: " + r.path());
        }
        assertTrue(log.matching(r -> r.method().equals("DELETE")).isEmpty(), "nothing was deleted");
    }

    @Test
    void sseS3HeaderAndPurgeOnceTheLockHasExpired() throws Exception {
        RequestLog log = new RequestLog();
        SessionDescriptor s = session("e-1", 0);
        try (S3Store store = open("sse-s3", log, Map.of(S3StoreOptions.SSE, "s3", S3StoreOptions.OBJECT_LOCK, "GOVERNANCE",
                S3StoreOptions.OBJECT_LOCK_RETENTION, "1s"))) {
            store.append(new AppendBatch(List.of(s), events(s, 0, 5), List.of(s.end(s.startedAt().plusSeconds(1), 5))));
            assertTrue(store.flush(Duration.ofSeconds(30)));
            Thread.sleep(1_100);
            assertEquals(1, store.purge(List.of("e-1")), "the lock has expired: purge goes ahead");
            assertThrows(NoSuchSessionException.class, () -> store.session("e-1"));
        }
        List<RequestLog.Request> puts = log.matching(r -> r.method().equals("PUT"));
        assertFalse(puts.isEmpty());
        for (RequestLog.Request r : puts) {
            assertEquals("AES256", r.header("x-amz-server-side-encryption"), r.path());
            assertEquals("GOVERNANCE", r.header("x-amz-object-lock-mode"), r.path());
        }
        assertEquals(2, log.matching(r -> r.method().equals("DELETE")).size(), "the fully purged segment and its index object were deleted");
    }
}
