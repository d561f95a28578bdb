package dev.witness.guardrails;

import dev.witness.guardrails.internal.ApprovalJson;
import dev.witness.guardrails.internal.BoundedBody;
import dev.witness.guardrails.internal.Hmac;
import dev.witness.masking.internal.KeyResolver;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.WitnessConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The approval service over HTTP (JDK {@link HttpClient}); the protocol is in docs/guardrails.md.
 *
 * <ul>
 *   <li>POST the JSON request to the URL, signed: {@code X-Witness-Timestamp} (epoch seconds) and
 *       {@code X-Witness-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}.</li>
 *   <li>200: the decision. 202: pending; the status URL (field {@code statusUrl} or header
 *       {@code Location}, same origin as the URL) is polled with signed GETs, waits doubling from
 *       {@code pollInterval} to {@code pollMaxInterval}, until a decision or the deadline.</li>
 *   <li>Every answer must be signed the same way by the service, within {@link #MAX_CLOCK_SKEW} of
 *       our clock, and repeat our {@code requestId}; anything else (unsigned, badly signed, stale,
 *       another request's answer, malformed, another status, too large) is an
 *       {@link ApprovalDecision.Outcome#ERROR}, and the deadline passing a
 *       {@link ApprovalDecision.Outcome#TIMEOUT}: the guard then fails closed.</li>
 * </ul>
 *
 * <p>Threading: the asking thread waits (it must anyway) with a deadline on every step; the
 * HttpClient runs on a pool of at most {@link #IO_THREADS} daemon threads owned by this service
 * (idle ones end after a few seconds), plus the client's selector thread. No thread per request.
 * {@link #close()} stops the pool (and, on Java 21+, closes the client).
 */
public final class HttpApprovalService implements ApprovalService {
    public static final String TIMESTAMP_HEADER = "X-Witness-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Witness-Signature";
    /** Largest difference between an answer's timestamp and our clock. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Largest answer body read. */
    public static final int MAX_ANSWER_BYTES = 64 * 1024;
    /** Threads of the HttpClient's executor. */
    public static final int IO_THREADS = 2;
    /** Shortest accepted secret. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final URI url;
    private final Hmac hmac;
    private final Duration pollInterval;
    private final Duration pollMaxInterval;
    private final ThreadPoolExecutor executor;
    private final HttpClient client;

    private HttpApprovalService(URI url, byte[] secret, Duration connectTimeout, Duration pollInterval,
                                Duration pollMaxInterval) {
        this.url = url;
        this.hmac = new Hmac(secret);
        this.pollInterval = pollInterval;
        this.pollMaxInterval = pollMaxInterval;
        this.executor = new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "witness-approval-http-" + THREADS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.executor.allowCoreThreadTimeOut(true);
        this.client = HttpClient.newBuilder().executor(executor).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The service of {@code witness.approval.url} and {@code witness.approval.secret}.
     *
     * @throws ConfigException naming the key if either is missing or unusable
     */
    public static HttpApprovalService fromConfig(WitnessConfig config) {
        String u = config.get(GuardrailsKeys.APPROVAL_URL);
        if (u == null || u.isBlank()) {
            throw new ConfigException("witness.approval.url is not set (" + config.originOf(GuardrailsKeys.APPROVAL_URL.name())
                    + "): a policy rule says approve; expected the http(s) URL of the approval service");
        }
        URI uri;
        try {
            uri = URI.create(u.strip());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("witness.approval.url=" + u + " (" + config.originOf(GuardrailsKeys.APPROVAL_URL.name())
                    + "): not a URI; expected an http(s) URL", e);
        }
        String ref = config.get(GuardrailsKeys.APPROVAL_SECRET);
        String origin = config.originOf(GuardrailsKeys.APPROVAL_SECRET.name());
        if (ref == null || ref.isBlank()) {
            throw new ConfigException("witness.approval.secret is not set (" + origin + "): answers cannot be verified; "
                    + "expected " + KeyResolver.FORMS);
        }
        byte[] secret;
        try {
            secret = KeyResolver.standard(ref.strip());
        } catch (IllegalArgumentException e) {
            // the reference names where the key is, never the key: safe to show
            throw new ConfigException("witness.approval.secret (" + origin + ") cannot be resolved: " + e.getMessage()
                    + "; expected " + KeyResolver.FORMS);
        }
        return builder(uri, secret)
                .connectTimeout(config.get(GuardrailsKeys.APPROVAL_CONNECT_TIMEOUT))
                .pollInterval(config.get(GuardrailsKeys.APPROVAL_POLL_INTERVAL))
                .pollMaxInterval(config.get(GuardrailsKeys.APPROVAL_POLL_MAX_INTERVAL))
                .build();
    }

    public static Builder builder(URI url, byte[] secret) {
        return new Builder(url, secret);
    }

    @Override
    public ApprovalDecision request(ApprovalRequest request, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body = ApprovalJson.request(request);
        HttpRequest post = signed(HttpRequest.newBuilder(url), body, deadline)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        Answer answer = exchange(post, request.requestId(), deadline);
        if (answer.decision != null) {
            return answer.decision;
        }
        URI status = answer.statusUrl;
        long wait = pollInterval.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return ApprovalDecision.timeout("no decision within " + timeout.toMillis() + " ms (pending)");
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, left));
            if (deadline - System.nanoTime() <= 0) {
                return ApprovalDecision.timeout("no decision within " + timeout.toMillis() + " ms (pending)");
            }
            HttpRequest get = signed(HttpRequest.newBuilder(status), new byte[0], deadline).GET().build();
            answer = exchange(get, request.requestId(), deadline);
            if (answer.decision != null) {
                return answer.decision;
            }
            wait = Math.min(wait * 2, pollMaxInterval.toNanos());
        }
    }

    private HttpRequest.Builder signed(HttpRequest.Builder b, byte[] body, long deadline) {
        String ts = Long.toString(Instant.now().getEpochSecond());
        long left = Math.max(1, deadline - System.nanoTime());
        return b.timeout(Duration.ofNanos(left)).header(TIMESTAMP_HEADER, ts)
                .header(SIGNATURE_HEADER, hmac.sign(ts, body));
    }

    /** A decision, or (decision null) a pending answer with its status URL. */
    private record Answer(ApprovalDecision decision, URI statusUrl) {
        static Answer of(ApprovalDecision d) {
            return new Answer(d, null);
        }
    }

    private Answer exchange(HttpRequest request, String requestId, long deadline) throws InterruptedException {
        HttpResponse<byte[]> response;
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(request, BoundedBody.handler(MAX_ANSWER_BYTES));
        try {
            response = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            return Answer.of(ApprovalDecision.timeout("no answer from " + origin() + " in time"));
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof HttpTimeoutException) {
                return Answer.of(ApprovalDecision.timeout("no answer from " + origin() + " in time"));
            }
            return Answer.of(ApprovalDecision.error("cannot reach " + origin() + ": " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : " " + c.getMessage())));
        }
        int code = response.statusCode();
        if (code != 200 && code != 202) {
            return Answer.of(ApprovalDecision.error("the approval service answered HTTP " + code));
        }
        byte[] body = response.body();
        String ts = response.headers().firstValue(TIMESTAMP_HEADER).orElse(null);
        String sig = response.headers().firstValue(SIGNATURE_HEADER).orElse(null);
        if (ts == null || sig == null) {
            return Answer.of(ApprovalDecision.error("the answer is not signed"));
        }
        if (!hmac.verify(ts, body, sig)) {
            return Answer.of(ApprovalDecision.error("the answer's signature does not verify"));
        }
        long sent;
        try {
            sent = Long.parseLong(ts.trim());
        } catch (NumberFormatException e) {
            return Answer.of(ApprovalDecision.error("the answer's timestamp is not epoch seconds"));
        }
        if (Math.abs(Instant.now().getEpochSecond() - sent) > MAX_CLOCK_SKEW.toSeconds()) {
            return Answer.of(ApprovalDecision.error("the answer's timestamp is more than " + MAX_CLOCK_SKEW.toMinutes()
                    + " minutes from our clock"));
        }
        Map<String, String> fields;
        try {
            fields = ApprovalJson.flatObject(body);
        } catch (IOException e) {
            return Answer.of(ApprovalDecision.error("malformed answer: " + e.getMessage()));
        }
        if (!requestId.equals(fields.get("requestId"))) {
            return Answer.of(ApprovalDecision.error("the answer is for another request"));
        }
        String decision = fields.get("decision");
        decision = decision == null ? (code == 202 ? "pending" : null) : decision.toLowerCase(Locale.ROOT);
        if ("approved".equals(decision)) {
            return grant(fields);
        }
        if ("denied".equals(decision)) {
            return Answer.of(ApprovalDecision.denied(fields.get("approver"), fields.get("reason")));
        }
        if ("pending".equals(decision)) {
            String s = fields.get("statusUrl");
            if (s == null) {
                s = response.headers().firstValue("Location").orElse(null);
            }
            if (s == null) {
                if (request.method().equals("GET")) {
                    return new Answer(null, request.uri()); // still pending at the same status URL
                }
                return Answer.of(ApprovalDecision.error("malformed answer: pending without a status URL"));
            }
            URI status;
            try {
                status = url.resolve(s);
            } catch (IllegalArgumentException e) {
                return Answer.of(ApprovalDecision.error("malformed answer: the status URL is not a URI"));
            }
            if (!sameOrigin(status)) {
                return Answer.of(ApprovalDecision.error("the status URL is not on " + origin()));
            }
            return new Answer(null, status);
        }
        return Answer.of(ApprovalDecision.error("malformed answer: decision " + (decision == null ? "missing"
                : "'" + decision + "'") + "; expected approved, denied or pending"));
    }

    private static Answer grant(Map<String, String> fields) {
        String scopeText = fields.get("scope");
        ApprovalDecision.Scope scope;
        if (scopeText == null || scopeText.equalsIgnoreCase("statement")) {
            scope = ApprovalDecision.Scope.STATEMENT;
        } else if (scopeText.equalsIgnoreCase("window")) {
            scope = ApprovalDecision.Scope.WINDOW;
        } else {
            return Answer.of(ApprovalDecision.error("malformed answer: scope '" + scopeText
                    + "'; expected statement or window"));
        }
        Duration ttl = Duration.ZERO;
        String ttlText = fields.get("ttlSeconds");
        if (ttlText != null) {
            try {
                long s = Long.parseLong(ttlText.trim());
                if (s < 0) {
                    throw new NumberFormatException();
                }
                ttl = Duration.ofSeconds(s);
            } catch (NumberFormatException e) {
                return Answer.of(ApprovalDecision.error("malformed answer: ttlSeconds '" + ttlText
                        + "'; expected a whole number of seconds, 0 or more"));
            }
        }
        if (scope == ApprovalDecision.Scope.WINDOW && ttl.isZero()) {
            return Answer.of(ApprovalDecision.error("malformed answer: scope window without ttlSeconds"));
        }
        return Answer.of(ApprovalDecision.approved(fields.get("approver"), fields.get("reason"), scope, ttl));
    }

    private boolean sameOrigin(URI u) {
        return Objects.equals(lower(u.getScheme()), lower(url.getScheme()))
                && Objects.equals(lower(u.getHost()), lower(url.getHost())) && port(u) == port(url);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private String origin() {
        return url.getScheme() + "://" + url.getAuthority();
    }

    /** Stops the I/O threads. Idempotent. */
    @Override
    public void close() {
        executor.shutdownNow();
        if (client instanceof AutoCloseable c) { // Java 21+: also ends the selector thread
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort; the pool is already stopped
            }
        }
    }

    @Override
    public String toString() {
        return "HttpApprovalService[" + origin() + "]";
    }

    /** Settings of an {@link HttpApprovalService}; defaults are those of the configuration keys. */
    public static final class Builder {
        private final URI url;
        private final byte[] secret;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration pollMaxInterval = Duration.ofSeconds(5);

        private Builder(URI url, byte[] secret) {
            this.url = Objects.requireNonNull(url, "url");
            this.secret = Objects.requireNonNull(secret, "secret").clone();
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder pollInterval(Duration d) {
            this.pollInterval = positive(d, "pollInterval");
            return this;
        }

        public Builder pollMaxInterval(Duration d) {
            this.pollMaxInterval = positive(d, "pollMaxInterval");
            return this;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }

        public HttpApprovalService build() {
            String scheme = lower(url.getScheme());
            if (!"http".equals(scheme) && !"https".equals(scheme) || url.getHost() == null) {
                throw new ConfigException("witness.approval.url=" + url + ": expected an http or https URL with a host");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new ConfigException("witness.approval.secret is " + secret.length + " bytes; expected at least "
                        + MIN_SECRET_BYTES + " bytes");
            }
            if (pollMaxInterval.compareTo(pollInterval) < 0) {
                throw new ConfigException("witness.approval.pollMaxInterval (" + pollMaxInterval
                        + ") is shorter than witness.approval.pollInterval (" + pollInterval + ")");
            }
            return new HttpApprovalService(url, secret, connectTimeout, pollInterval, pollMaxInterval);
        }
    }
}
