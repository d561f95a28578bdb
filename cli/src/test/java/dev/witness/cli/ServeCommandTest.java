package dev.witness.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** {@code witness serve} as a command: prints the tokened address, serves, stops on interrupt and releases the store. */
class ServeCommandTest {
    @TempDir
    Path dir;

    @Test
    void servesUntilInterrupted() throws Exception {
        ShopRecording shop = ShopRecording.record(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        Thread serving = new Thread(() -> code.set(WitnessCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("serve", "--store", "file:" + shop.store, "--port", "0")));
        serving.start();
        Pattern address = Pattern.compile("open (http://127\\.0\\.0\\.1:(\\d+)/\\?token=[A-Za-z0-9_-]{43})");
        Matcher m = address.matcher("");
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(m = address.matcher(out.toString())).find()) {
            assertTrue(System.nanoTime() < deadline, "no address printed: " + out + err);
            Thread.sleep(50);
        }
        assertTrue(out.toString().startsWith("Witness viewer for file:" + shop.store), out.toString());
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(m.group(1))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(303, r.statusCode());
        assertEquals(401, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(2) + "/")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        serving.interrupt();
        serving.join(10_000);
        assertFalse(serving.isAlive());
        assertEquals(0, code.get(), err.toString());
        assertEquals(0, Cli.onStore(shop.store, "verify", "--all").code(), "the store was released");
    }
}
