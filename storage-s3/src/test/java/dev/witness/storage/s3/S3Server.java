package dev.witness.storage.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 server in this JVM: s3proxy over jclouds' in-memory ("transient") blob store, on
 * a free port, with SigV4 authentication for the keys {@link #ACCESS_KEY}/{@link #SECRET_KEY}.
 * {@link #stop()} and {@link #start()} reuse the same instance and port, and the blob store
 * keeps its data, which is what an outage test needs.
 *
 * <p>s3proxy answers Object Lock and SSE headers with 501 unless told to ignore unknown headers;
 * it is told to, so lock and encryption headers are accepted but not enforced: tests check that
 * requests carry them ({@link RequestLog}), not that the server acts on them.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "witness-access";
    static final String SECRET_KEY = "witness-secret";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final int port;

    private S3Server(BlobStoreContext context, S3Proxy proxy, int port) {
        this.context = context;
        this.proxy = proxy;
        this.port = port;
    }

    static S3Server start(String... buckets) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(new Properties()).build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder().blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        S3Server server = new S3Server(context, proxy, port);
        server.start();
        for (String bucket : buckets) {
            server.createBucket(bucket);
        }
        return server;
    }

    void createBucket(String bucket) {
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    BlobStore blobs() {
        return context.getBlobStore();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    void start() throws Exception {
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(1);
        }
    }

    void stop() throws Exception {
        proxy.stop();
    }

    /** Options for a store on this server: path-style, static keys, checksums only where required (s3proxy needs that). */
    Map<String, String> options(Path spool, String instance) {
        Map<String, String> o = new HashMap<>();
        o.put(S3StoreOptions.ENDPOINT, endpoint().toString());
        o.put(S3StoreOptions.PATH_STYLE, "true");
        o.put(S3StoreOptions.REGION, "us-east-1");
        o.put(S3StoreOptions.ACCESS_KEY_ID, ACCESS_KEY);
        o.put(S3StoreOptions.SECRET_ACCESS_KEY, SECRET_KEY);
        o.put(S3StoreOptions.CHECKSUMS, "when_required");
        o.put(S3StoreOptions.SPOOL, spool.toString());
        o.put(S3StoreOptions.INSTANCE, instance);
        o.put(S3StoreOptions.RETRY_INITIAL_BACKOFF, "50ms");
        o.put(S3StoreOptions.RETRY_MAX_BACKOFF, "500ms");
        return o;
    }

    static S3Store open(String uri, Map<String, String> options) {
        return S3Store.open(S3StoreOptions.parse(URI.create(uri), options));
    }

    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException(e);
        }
        context.close();
    }
}
