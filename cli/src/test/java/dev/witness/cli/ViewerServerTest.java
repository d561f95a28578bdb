package dev.witness.cli;

import dev.witness.cli.viewer.ViewerServer;
import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.reader.RecordingReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.*;

/** The viewer over HTTP: the token, the Host check, escaping, the pages' content, no external resources. */
class ViewerServerTest {
    private static final String TOKEN = "test-token-123";
    @TempDir
    static Path dir;
    static ShopRecording shop;
    static RecordingReader reader;
    static ViewerServer server;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        shop = ShopRecording.record(dir);
        // a session whose SQL and values carry markup: the page must show it as text
        WitnessConfig config = WitnessConfig.builder().put("witness.store", "file:" + shop.store).put("witness.jdbc.results", "rows").build();
        try (WitnessDataSource db = WitnessDataSource.builder(ShopRecording.freshCopy()).config(config).target("<b>evil</b>").build();
             RecordingContext.Scope who = RecordingContext.with(Identity.of("<img src=x onerror=alert(1)>"));
             Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select '<script>alert(1)</script>' as x")) {
            rs.next();
            rs.getString(1);
        }
        reader = RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + shop.store).build());
        server = ViewerServer.start(reader, "file:" + shop.store, InetAddress.getLoopbackAddress(), 0, TOKEN);
    }

    @AfterAll
    static void stop() {
        server.close();
        reader.close();
    }

    private static HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> page(String path) throws Exception {
        return get(path, "witness_token=" + TOKEN);
    }

    @Test
    void everyRequestNeedsTheToken() throws Exception {
        assertEquals(401, get("/", null).statusCode());
        assertEquals(401, get("/session/" + shop.aliceSession, null).statusCode());
        assertEquals(401, get("/", "witness_token=nope").statusCode());
        assertEquals(403, get("/?token=nope", null).statusCode());

        HttpResponse<String> first = get("/?token=" + TOKEN + "&identity=alice", null);
        assertEquals(303, first.statusCode());
        assertEquals("/?identity=alice", first.headers().firstValue("Location").orElseThrow(), "the token leaves the address bar");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("witness_token=" + TOKEN + ";") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertEquals(200, page("/").statusCode());
        assertTrue(server.url().toString().matches("http://127\\.0\\.0\\.1:\\d+/\\?token=" + TOKEN));
    }

    @Test
    void anotherHostNameIsRefused() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: attacker.example:" + server.port() + "\r\nCookie: witness_token=" + TOKEN
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 403 Forbidden", status);
        }
    }

    @Test
    void onlyGetAndHead() throws Exception {
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/"))
                .header("Cookie", "witness_token=" + TOKEN).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void theListFiltersLikeTheCommand() throws Exception {
        HttpResponse<String> all = page("/");
        assertTrue(all.body().contains(shop.aliceSession) && all.body().contains(shop.bobSession), all.body());
        HttpResponse<String> bob = page("/?identity=bob");
        assertTrue(bob.body().contains(shop.bobSession) && !bob.body().contains(shop.aliceSession), bob.body());
        assertTrue(bob.body().contains("value=\"bob\""), "the form keeps the filter");
        HttpResponse<String> text = page("/?text=invoices&since=1h");
        assertTrue(text.body().contains(shop.bobSession) && !text.body().contains(shop.aliceSession), text.body());
        HttpResponse<String> bad = page("/?since=yesterday");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("--since yesterday: not a duration or time"), bad.body());
    }

    @Test
    void theSessionPageShowsTheTimelineAndTheVerdict() throws Exception {
        HttpResponse<String> r = page("/session/" + shop.bobSession);
        assertEquals(200, r.statusCode());
        String html = r.body();
        assertTrue(html.contains("<div id=\"verification\" class=\"badge ok\">Verified: hash chain intact"), html);
        assertTrue(html.contains("insert into orders (customer_id, total) values (?, ?)"), html);
        assertTrue(html.contains("orders.total") && html.contains("19.93"), html);
        assertTrue(html.contains("class=\"event error alarm\""), html);
        assertTrue(html.contains("42S02"), html);
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script") || html.contains("<link"),
                "no external resources, no scripts");
        assertEquals("default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                r.headers().firstValue("Content-Security-Policy").orElseThrow());

        HttpResponse<String> raw = page("/session/" + shop.bobSession + "/lines.jsonl");
        assertEquals(200, raw.statusCode());
        assertTrue(raw.body().startsWith("{\"v\":1,\"sid\":\"" + shop.bobSession + "\""), raw.body());

        assertEquals(404, page("/session/01ZZZZZZZZZZZZZZZZZZZZZZZZ").statusCode());
        assertEquals(404, page("/elsewhere").statusCode());
    }

    @Test
    void recordedMarkupIsShownAsText() throws Exception {
        String list = page("/?source=jdbc").body();
        assertFalse(list.contains("<b>evil</b>") || list.contains("<img"), list);
        assertTrue(list.contains("&lt;b&gt;evil&lt;/b&gt;") && list.contains("&lt;img src=x onerror=alert(1)&gt;"), list);
        String id = list.replaceAll("(?s).*href=\"/session/([0-9A-Z]{26})\">[0-9A-Z]{26}</a></td><td class=\"time\">[^<]*</td><td>jdbc</td><td class=\"identity\">&lt;img.*", "$1");
        String html = page("/session/" + id).body();
        assertFalse(html.contains("<script>alert(1)</script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    }
}
