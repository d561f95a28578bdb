package dev.witness.cli;

import dev.witness.cli.viewer.ViewerServer;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static dev.witness.cli.Cli.onStore;
import static org.junit.jupiter.api.Assertions.*;

/** A store changed behind Witness's back: verify fails naming the event, show and the viewer say so. */
class TamperedStoreTest {
    @TempDir
    Path dir;

    @Test
    void aChangedLineWithItsCrcFixedIsCaughtByTheChain() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);
        long seq = statementSeq(shop, shop.aliceSession, "select id, name, email");
        Tamper.changeEvent(shop.store, shop.aliceSession, seq, "where id = ?", "where id > ?", true);

        Cli.Run one = onStore(shop.store, "verify", shop.aliceSession);
        assertEquals(ExitCodes.FOUND, one.code(), one::toString);
        assertTrue(one.lines().get(0).startsWith(shop.aliceSession + "  CHANGED  first bad event #" + seq + " statement at "), one::toString);
        assertTrue(one.lines().get(0).contains("by alice"), one::toString);
        assertTrue(one.lines().get(0).contains("event " + seq + " was changed"), one::toString);
        assertEquals("1 session: 0 verified, 1 failed", one.lines().get(1));

        Cli.Run all = onStore(shop.store, "verify", "--all");
        assertEquals(ExitCodes.FOUND, all.code(), all::toString);
        assertTrue(all.out().contains(shop.bobSession + "  OK"), all::toString);
        assertTrue(all.out().endsWith("2 sessions: 1 verified, 1 failed\n"), all::toString);

        Cli.Run show = onStore(shop.store, "show", shop.aliceSession);
        assertEquals(0, show.code(), show::toString);
        assertTrue(show.out().contains("verified  FAILED CHANGED: first bad event #" + seq), show::toString);
        assertTrue(show.out().lines().anyMatch(l -> l.startsWith("!#" + seq + " ") && l.contains("where id > ?")), show::toString);

        String page = viewerPage(shop, shop.aliceSession);
        assertTrue(page.contains("<div id=\"verification\" class=\"badge failed\">FAILED verification: CHANGED, first bad event #" + seq), page);
        assertTrue(page.contains("class=\"event statement bad\" id=\"e" + seq + "\""), page);
    }

    @Test
    void aChangedFrameTheStoreCannotReadIsAFailureToo() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);
        long seq = statementSeq(shop, shop.bobSession, "select * from invoices");
        Tamper.changeEvent(shop.store, shop.bobSession, seq, "invoices", "invoicez", false);

        Cli.Run r = onStore(shop.store, "verify", "--all");
        assertEquals(ExitCodes.FOUND, r.code(), r::toString);
        assertTrue(r.out().contains(shop.aliceSession + "  OK"), r::toString);
        assertTrue(r.out().contains(shop.bobSession + "  UNREADABLE  the store cannot read the session back: "), r::toString);
        assertTrue(r.out().contains("CRC"), r::toString);
    }

    private static long statementSeq(ShopRecording shop, String session, String sqlStart) {
        try (RecordingReader reader = RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + shop.store).build())) {
            for (RecordedEvent e : reader.events(session)) {
                if (e.event() instanceof Statement s && s.sql().startsWith(sqlStart)) {
                    return e.sequence();
                }
            }
        }
        throw new IllegalStateException("no statement " + sqlStart);
    }

    private static String viewerPage(ShopRecording shop, String session) throws Exception {
        try (RecordingReader reader = RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + shop.store).build());
             ViewerServer server = ViewerServer.start(reader, "file:" + shop.store, InetAddress.getLoopbackAddress(), 0, "t0ken")) {
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/session/" + session))
                    .header("Cookie", "witness_token=t0ken").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            return r.body();
        }
    }
}
