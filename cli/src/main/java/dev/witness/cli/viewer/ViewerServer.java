package dev.witness.cli.viewer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.witness.cli.CliException;
import dev.witness.cli.SessionCheck;
import dev.witness.cli.SessionFilter;
import dev.witness.cli.SessionIds;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local web viewer: the JDK's {@link HttpServer}, no framework, no scripts, no external
 * resources. It shows only what the store holds (masked values stay masked).
 *
 * <p>Access: a random token (256 bits) is made at start and must come with every request, as
 * {@code ?token=} on the first URL (the server answers with an HttpOnly, SameSite=Strict cookie
 * and a redirect to the same page without the token, so it does not linger in the address bar
 * or history) or as that cookie. Bound to loopback by default; then the Host header must name
 * loopback too, so a web page elsewhere cannot reach the viewer through DNS rebinding. Only
 * GET and HEAD are served.
 *
 * <p>Threading: requests run on a small pool; the reader is thread-safe for reading.
 */
public final class ViewerServer implements AutoCloseable {
    static final String COOKIE = "witness_token";
    private static final int PAGE_SIZE = 100;
    private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; "
            + "base-uri 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService pool;
    private final RecordingReader reader;
    private final String store;
    private final String token;
    private final boolean loopback;
    private final Clock clock;

    private ViewerServer(HttpServer server, ExecutorService pool, RecordingReader reader, String store, String token,
                         boolean loopback, Clock clock) {
        this.server = server;
        this.pool = pool;
        this.reader = reader;
        this.store = store;
        this.token = token;
        this.loopback = loopback;
        this.clock = clock;
    }

    /** A fresh random token: 32 bytes, URL-safe base64. */
    public static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Starts serving {@code reader} on {@code bind:port} (port 0: any free port). */
    public static ViewerServer start(RecordingReader reader, String store, InetAddress bind, int port, String token)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "witness-viewer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ViewerServer viewer = new ViewerServer(server, pool, reader, store, token, bind.isLoopbackAddress(), Clock.systemUTC());
        server.setExecutor(pool);
        server.createContext("/", viewer::handle);
        server.start();
        return viewer;
    }

    /** The address to open: with the token, so the first request is admitted. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/?token=" + token);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- requests -----------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (loopback && !loopbackHost(ex.getRequestHeaders().getFirst("Host"))) {
                send(ex, 403, "text/plain", "this viewer answers only to 127.0.0.1 and localhost\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            URI uri = ex.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            String offered = query.remove("token");
            if (offered != null) {
                if (!matches(offered)) {
                    page(ex, 403, Pages.message(store, "Witness: wrong token", "Wrong token: use the address printed when the viewer started."));
                    return;
                }
                ex.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Strict");
                ex.getResponseHeaders().set("Location", uri.getRawPath() + queryString(query));
                send(ex, 303, "text/plain", new byte[0]);
                return;
            }
            if (!matches(cookie(ex.getRequestHeaders().getFirst("Cookie")))) {
                page(ex, 401, Pages.message(store, "Witness: token needed",
                        "This viewer needs its token: open the address printed when it started (it ends with ?token=...)."));
                return;
            }
            route(ex, uri.getPath(), query);
        } catch (RuntimeException e) {
            // never a stack trace to the browser; the message is ours or the store's
            page(ex, 500, Pages.message(store, "Witness: error", "Error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
    }

    private void route(HttpExchange ex, String path, Map<String, String> query) throws IOException {
        if (path.equals("/")) {
            list(ex, query);
            return;
        }
        if (path.startsWith("/session/")) {
            String rest = path.substring("/session/".length());
            boolean raw = rest.endsWith("/lines.jsonl");
            String id = raw ? rest.substring(0, rest.length() - "/lines.jsonl".length()) : rest;
            SessionDescriptor d;
            try {
                d = SessionIds.resolve(reader, id, store);
            } catch (CliException | NoSuchSessionException e) {
                page(ex, 404, Pages.message(store, "Witness: no such session", e.getMessage()));
                return;
            }
            if (raw) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                reader.forEachLine(d.id(), line -> {
                    bytes.writeBytes(line);
                    bytes.write('\n');
                });
                ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + d.id() + ".jsonl\"");
                send(ex, 200, "application/x-ndjson; charset=utf-8", bytes.toByteArray());
                return;
            }
            SessionCheck check = SessionCheck.of(reader, d.id());
            List<RecordedEvent> events;
            try {
                events = reader.events(d.id());
            } catch (StoreException | dev.witness.recorder.format.MalformedEventException e) {
                events = List.of();
            }
            page(ex, 200, Pages.session(store, d, check, events));
            return;
        }
        page(ex, 404, Pages.message(store, "Witness: not found", "Nothing here: " + path));
    }

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        SessionFilter filter = SessionFilter.of(query.get("identity"), query.get("target"), query.get("source"),
                query.get("since"), query.get("until"), query.get("text"));
        String after = query.get("after");
        try {
            SessionFilter.Page page = filter.page(reader, PAGE_SIZE, after == null || after.isBlank() ? null
                    : after.trim().toUpperCase(Locale.ROOT), clock);
            page(ex, 200, Pages.sessions(store, query, page, null));
        } catch (CliException | IllegalArgumentException e) {
            page(ex, 400, Pages.sessions(store, query, null, e.getMessage()));
        }
    }

    // ---- helpers ------------------------------------------------------------------------

    private boolean matches(String offered) {
        return offered != null && MessageDigest.isEqual(offered.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            h = end < 0 ? h : h.substring(1, end);
        } else if (h.indexOf(':') >= 0) {
            h = h.substring(0, h.indexOf(':'));
        }
        return h.equals("127.0.0.1") || h.equals("localhost") || h.equals("::1");
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                return p.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder b = new StringBuilder();
        query.forEach((k, v) -> b.append(b.length() == 0 ? '?' : '&').append(Html.url(k)).append('=').append(Html.url(v)));
        return b.toString();
    }

    private static void page(HttpExchange ex, int status, String html) throws IOException {
        send(ex, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Content-Security-Policy", CSP);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
