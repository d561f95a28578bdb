package dev.witness.guardrails;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.witness.guardrails.internal.Hmac;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real approval service for the tests (JDK HttpServer on 127.0.0.1): verifies each request's
 * signature (401 when it does not verify), keeps what it received, and answers per its current
 * {@link Mode}. Shared with the interceptors' tests through this module's test-jar.
 */
public final class TestApprovalService implements AutoCloseable {
    /** A 32-byte secret, as base64 for {@code witness.approval.secret=base64:...}. */
    public static final String SECRET_BASE64 = "d2l0bmVzcy10ZXN0LXNlY3JldC0zMi1ieXRlcy1sb25nIQ==";

    /** How the service answers. */
    public enum Mode {
        APPROVE, DENY, SLOW, ERROR_500, MALFORMED, UNSIGNED, BAD_SIGNATURE, OTHER_REQUEST, PENDING
    }

    /** One request received: the parsed flat fields, the raw body, whether its signature verified. */
    public record Received(String method, String path, String body, boolean signatureValid) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Hmac hmac;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger polls = new AtomicInteger();
    private final Map<String, AtomicInteger> pendingPolls = new ConcurrentHashMap<>();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();

    private volatile Mode mode = Mode.APPROVE;
    private volatile String scope;
    private volatile long ttlSeconds;
    private volatile long delayMillis;
    private volatile int pollsBeforeDecision = 2;
    private volatile boolean pendingApproves = true;

    public TestApprovalService() throws IOException {
        this.hmac = new Hmac(java.util.Base64.getDecoder().decode(SECRET_BASE64));
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.executor = Executors.newFixedThreadPool(64, r -> {
            Thread t = new Thread(r, "test-approval-service");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/approvals", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/approvals");
    }

    public Map<String, String> config() {
        return Map.of("witness.approval.url", url().toString(), "witness.approval.secret", "base64:" + SECRET_BASE64);
    }

    public TestApprovalService mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** Approvals carry {@code scope} and {@code ttlSeconds} (null scope: neither field). */
    public TestApprovalService grant(String scopeName, long ttl) {
        this.scope = scopeName;
        this.ttlSeconds = ttl;
        return this;
    }

    public TestApprovalService delayMillis(long d) {
        this.delayMillis = d;
        return this;
    }

    /** In mode PENDING: polls answered pending before the decision, and the decision. */
    public TestApprovalService pending(int polls, boolean approve) {
        this.pollsBeforeDecision = polls;
        this.pendingApproves = approve;
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public int posts() {
        return posts.get();
    }

    public int polls() {
        return polls.get();
    }

    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        try {
            byte[] body = ex.getRequestBody().readAllBytes();
            String ts = ex.getRequestHeaders().getFirst(HttpApprovalService.TIMESTAMP_HEADER);
            String sig = ex.getRequestHeaders().getFirst(HttpApprovalService.SIGNATURE_HEADER);
            boolean valid = hmac.verify(ts, body, sig);
            String path = ex.getRequestURI().getPath();
            received.add(new Received(ex.getRequestMethod(), path, new String(body, StandardCharsets.UTF_8), valid));
            if (!valid) {
                reply(ex, 401, "{\"error\":\"bad signature\"}".getBytes(StandardCharsets.UTF_8), true, false);
                return;
            }
            if (ex.getRequestMethod().equals("GET")) {
                poll(ex, path.substring(path.lastIndexOf('/') + 1));
                return;
            }
            posts.incrementAndGet();
            String requestId = field(body, "requestId");
            Mode m = mode;
            switch (m) {
                case APPROVE -> decision(ex, 200, requestId, "approved");
                case DENY -> decision(ex, 200, requestId, "denied");
                case SLOW -> {
                    sleep(delayMillis);
                    decision(ex, 200, requestId, "approved");
                }
                case ERROR_500 -> reply(ex, 500, "oops".getBytes(StandardCharsets.UTF_8), true, false);
                case MALFORMED -> reply(ex, 200, "{\"requestId\": \"".getBytes(StandardCharsets.UTF_8), true, false);
                case UNSIGNED -> reply(ex, 200, json(requestId, "approved", null), false, false);
                case BAD_SIGNATURE -> reply(ex, 200, json(requestId, "approved", null), true, true);
                case OTHER_REQUEST -> decision(ex, 200, "someone-else", "approved");
                case PENDING -> {
                    pendingPolls.put(requestId, new AtomicInteger());
                    reply(ex, 202, json(requestId, "pending", "/approvals/status/" + requestId), true, false);
                }
                default -> throw new IllegalStateException(m.toString());
            }
        } finally {
            concurrent.decrementAndGet();
            ex.close();
        }
    }

    private void poll(HttpExchange ex, String requestId) throws IOException {
        polls.incrementAndGet();
        AtomicInteger n = pendingPolls.get(requestId);
        if (n == null) {
            reply(ex, 404, new byte[0], true, false);
            return;
        }
        if (n.incrementAndGet() <= pollsBeforeDecision) {
            reply(ex, 202, json(requestId, "pending", null), true, false);
        } else {
            decision(ex, 200, requestId, pendingApproves ? "approved" : "denied");
        }
    }

    private void decision(HttpExchange ex, int code, String requestId, String decision) throws IOException {
        reply(ex, code, json(requestId, decision, null), true, false);
    }

    private byte[] json(String requestId, String decision, String statusUrl) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("requestId", requestId);
            g.writeStringField("decision", decision);
            if (!decision.equals("pending")) {
                g.writeStringField("approver", "carol");
                g.writeStringField("reason", decision.equals("approved") ? "looks fine" : "not today");
            }
            if (decision.equals("approved") && scope != null) {
                g.writeStringField("scope", scope);
                g.writeNumberField("ttlSeconds", ttlSeconds);
            }
            if (statusUrl != null) {
                g.writeStringField("statusUrl", statusUrl);
            }
            g.writeObjectFieldStart("extra");
            g.writeStringField("ignored", "yes");
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private void reply(HttpExchange ex, int code, byte[] body, boolean sign, boolean badSignature) throws IOException {
        if (sign) {
            String ts = Long.toString(Instant.now().getEpochSecond());
            String sig = hmac.sign(ts, body);
            if (badSignature) {
                sig = sig.substring(0, sig.length() - 1) + (sig.endsWith("0") ? "1" : "0");
            }
            ex.getResponseHeaders().add(HttpApprovalService.TIMESTAMP_HEADER, ts);
            ex.getResponseHeaders().add(HttpApprovalService.SIGNATURE_HEADER, sig);
        }
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static String field(byte[] body, String name) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(body)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    p.skipChildren();
                } else if (n.equals(name)) {
                    return p.getText();
                }
            }
        }
        return null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
