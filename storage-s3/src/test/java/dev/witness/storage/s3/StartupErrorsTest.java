package dev.witness.storage.s3;

import static dev.witness.storage.StoreFixtures.events;
import static dev.witness.storage.StoreFixtures.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.AppendBatch;
import dev.witness.storage.EventCursor;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreException;
import dev.witness.storage.StoreProviders;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong bucket, wrong credentials or an unreachable endpoint fail the open with a message
 * that says which and what to fix, before the spool is touched; events a previous run left in
 * the spool survive such a failed start and go up at the next good one.
 */
class StartupErrorsTest {
    private static S3Server server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("present");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Test
    void missingBucketIsNamed() {
        StoreException e = assertThrows(StoreException.class,
                () -> S3Server.open("s3://absent-bucket/x", server.options(dir.resolve("spool"), "i")));
        assertTrue(e.getMessage().contains("bucket 'absent-bucket' does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains(server.endpoint().toString()), e.getMessage());
    }

    @Test
    void wrongCredentialsAreNamed() {
        Map<String, String> o = server.options(dir.resolve("spool"), "i");
        o.put(S3StoreOptions.SECRET_ACCESS_KEY, "not-the-secret");
        StoreException e = assertThrows(StoreException.class, () -> S3Server.open("s3://present/x", o));
        assertTrue(e.getMessage().contains("refused access") && e.getMessage().contains("credentials"), e.getMessage());
        assertTrue(e.getMessage().contains("static keys"), "says where the credentials came from: " + e.getMessage());
    }

    @Test
    void unreachableEndpointIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> o = server.options(dir.resolve("spool"), "i");
        o.put(S3StoreOptions.ENDPOINT, "http://127.0.0.1:" + port);
        StoreException e = assertThrows(StoreException.class, () -> S3Server.open("s3://present/x", o));
        assertTrue(e.getMessage().contains("cannot reach http://127.0.0.1:" + port) && e.getMessage().contains("Connection refused"),
                e.getMessage());
    }

    @Test
    void aFailedStartLosesNoSpooledEvents() throws Exception {
        Path spool = dir.resolve("kept");
        SessionDescriptor s = session("kept-1", 0);
        Map<String, String> good = server.options(spool, "i");
        good.put(S3StoreOptions.CLOSE_TIMEOUT, "1s");
        S3Store first = S3Server.open("s3://present/kept", good);
        first.append(new AppendBatch(java.util.List.of(s), events(s, 0, 50), java.util.List.of(s.end(s.startedAt().plusSeconds(5), 50))));
        first.sync();
        server.stop();
        boolean down = true;
        try {
            first.close(); // cannot upload: the events stay in the spool
            StoreException unreachable = assertThrows(StoreException.class, () -> S3Server.open("s3://present/kept", good), "S3 is down");
            assertTrue(unreachable.getMessage().contains("cannot reach"), unreachable.getMessage());
            server.start();
            down = false;
            Map<String, String> badBucket = new HashMap<>(good);
            assertThrows(StoreException.class, () -> S3Server.open("s3://absent-bucket/kept", badBucket));
            assertTrue(segmentBytes(spool) > 0, "the spool still holds the events");
        } finally {
            if (down) {
                server.start();
            }
        }
        try (S3Store again = S3Server.open("s3://present/kept", good)) {
            assertTrue(again.flush(Duration.ofSeconds(30)));
            try (EventCursor c = again.read("kept-1")) {
                int n = 0;
                while (c.hasNext()) {
                    assertEquals(n++, c.next().sequence());
                }
                assertEquals(50, n);
            }
        }
        Map<String, String> other = server.options(dir.resolve("other"), "j");
        try (S3Store reader = S3Server.open("s3://present/kept", other)) {
            assertEquals(50, reader.session("kept-1").eventCount(), "another instance sees the events once uploaded");
        }
    }

    private static long segmentBytes(Path spool) throws Exception {
        try (Stream<Path> files = Files.walk(spool)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".segment")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void theProviderIsFoundBySchemeAndValidatesOptions() {
        assertInstanceOf(S3StoreProvider.class, StoreProviders.forScheme("s3", getClass().getClassLoader()));
        S3StoreProvider provider = new S3StoreProvider();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> provider.open(new StoreConfig(URI.create("s3://present/x"), Map.of("bucketz", "x"))));
        assertTrue(unknown.getMessage().contains("witness.store.s3.bucketz"), unknown.getMessage());
        IllegalArgumentException lock = assertThrows(IllegalArgumentException.class,
                () -> S3StoreOptions.parse(URI.create("s3://present/x"), Map.of("objectLock", "COMPLIANCE")));
        assertTrue(lock.getMessage().contains("witness.store.s3.objectLock.retention"), lock.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> S3StoreOptions.parse(URI.create("s3://present/x"), Map.of("objectLock", "forever")));
        assertTrue(mode.getMessage().contains("GOVERNANCE, COMPLIANCE or off"), mode.getMessage());
        IllegalArgumentException bucket = assertThrows(IllegalArgumentException.class,
                () -> S3StoreOptions.parse(URI.create("s3://No_Such/x"), Map.of()));
        assertTrue(bucket.getMessage().startsWith("witness.store"), bucket.getMessage());
        S3StoreOptions parsed = S3StoreOptions.parse(URI.create("s3://present/a/b/"), Map.of("segmentBytes", "1MiB"));
        assertEquals("a/b", parsed.prefix());
        assertEquals(1 << 20, parsed.segmentBytes());
    }
}
