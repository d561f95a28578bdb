package dev.witness.storage.s3;

import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConformanceTest;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage-spi conformance kit against an S3 store on an in-process s3proxy. Small segments
 * (64 KiB, sealed after 100 ms) make the uploader run during the tests, so reads cross the
 * boundary between uploaded segments and the spool; the 10 MiB event goes up as a multipart
 * upload (5 MiB parts). Each test gets its own prefix and spool.
 */
class S3StoreConformanceTest extends StoreConformanceTest {
    private static final AtomicInteger TESTS = new AtomicInteger();
    private static S3Server server;

    @TempDir
    Path spool;
    private final String prefix = "conformance/t" + TESTS.incrementAndGet();

    @BeforeAll
    static void startServer() throws Exception {
        server = S3Server.start("conformance");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected RecordingStore openStore() {
        Map<String, String> o = server.options(spool, "conf");
        o.put(S3StoreOptions.SEGMENT_BYTES, "64KiB");
        o.put(S3StoreOptions.SEGMENT_AGE, "100ms");
        o.put(S3StoreOptions.MULTIPART_THRESHOLD, "5MiB");
        o.put(S3StoreOptions.MULTIPART_PART_SIZE, "5MiB");
        o.put(S3StoreOptions.REFRESH, "1s");
        return S3Server.open("s3://conformance/" + prefix, o);
    }
}
