package dev.witness.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.reader.RecordingReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.witness.cli.Cli.onStore;
import static dev.witness.cli.Cli.run;
import static org.junit.jupiter.api.Assertions.*;

/** Every read-only command against a store made by real JDBC sessions (H2): output and exit code. */
class CliCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static ShopRecording shop;

    @BeforeAll
    static void record() throws Exception {
        shop = ShopRecording.record(dir);
    }

    private static void ok(Cli.Run r) {
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    private static void failsWithOneLine(int code, Cli.Run r) {
        assertEquals(code, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), "one line on stderr: " + r);
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
    }

    @Test
    void sessionsListsEverySessionAsATable() {
        Cli.Run r = onStore(shop.store, "sessions");
        ok(r);
        assertTrue(r.lines().get(0).startsWith("SESSION"), r::toString);
        assertEquals(3, r.lines().size(), r::toString);
        assertTrue(r.out().contains(shop.aliceSession) && r.out().contains(shop.bobSession), r::toString);
        assertTrue(r.out().contains("alice") && r.out().contains("bob") && r.out().contains(ShopRecording.TARGET), r::toString);
    }

    @Test
    void sessionsFilters() throws Exception {
        Cli.Run alice = onStore(shop.store, "sessions", "--identity", "alice");
        ok(alice);
        assertEquals(2, alice.lines().size(), alice::toString);
        assertTrue(alice.out().contains(shop.aliceSession));

        Cli.Run text = onStore(shop.store, "sessions", "--text", "INVOICES");
        ok(text);
        assertEquals(2, text.lines().size(), text::toString);
        assertTrue(text.out().contains(shop.bobSession), text::toString);

        ok(onStore(shop.store, "sessions", "--source", "jdbc", "--target", ShopRecording.TARGET, "--since", "1h"));
        assertEquals(3, onStore(shop.store, "sessions", "--since", "1h", "--until", "2999-01-01").lines().size());

        Cli.Run none = onStore(shop.store, "sessions", "--until", "2000-01-01");
        ok(none);
        assertTrue(none.out().startsWith("no sessions match"), none::toString);

        Cli.Run json = onStore(shop.store, "sessions", "--json", "--identity", "bob");
        ok(json);
        JsonNode root = JSON.readTree(json.out());
        assertEquals(1, root.get("sessions").size());
        JsonNode bob = root.get("sessions").get(0);
        assertEquals(shop.bobSession, bob.get("id").asText());
        assertEquals("jdbc", bob.get("source").asText());
        assertEquals("shop", bob.get("app").asText());
        assertTrue(bob.get("events").asLong() > 5);
        assertTrue(root.get("next_after").isNull());
    }

    @Test
    void sessionsPages() {
        Cli.Run first = onStore(shop.store, "sessions", "--limit", "1");
        ok(first);
        String last = first.lines().get(first.lines().size() - 1);
        assertTrue(last.startsWith("more: add --after " + shop.aliceSession), first::toString);
        Cli.Run second = onStore(shop.store, "sessions", "--limit", "1", "--after", shop.aliceSession);
        ok(second);
        assertTrue(second.out().contains(shop.bobSession) && !second.out().contains(shop.aliceSession), second::toString);
        Cli.Run all = onStore(shop.store, "sessions", "--limit", "1", "--all");
        ok(all);
        assertEquals(3, all.lines().size(), all::toString);
    }

    @Test
    void badTimeIsOneLineAndUsageExit() {
        Cli.Run r = onStore(shop.store, "sessions", "--since", "yesterday");
        failsWithOneLine(ExitCodes.USAGE, r);
        assertTrue(r.err().contains("--since yesterday"), r::toString);
        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "sessions", "--since", "2026-13-45"));
        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "sessions", "--since", "1h", "--until", "2h"));
    }

    @Test
    void showPrintsTheTimeline() {
        Cli.Run r = onStore(shop.store, "show", shop.aliceSession);
        ok(r);
        String out = r.out();
        assertTrue(out.contains("session   " + shop.aliceSession), out);
        assertTrue(out.contains("verified  OK"), out);
        assertTrue(out.contains("jdbc -> " + ShopRecording.TARGET), out);
        assertTrue(out.contains("[query] select id, name, email from customers where id = ?"), out);
        assertTrue(out.contains("customers.id=42"), out);
        assertTrue(out.contains("1 row (ID, NAME, EMAIL): [42, Ada Lovelace, ada@example.com]"), out);
        assertTrue(out.contains("updated 1"), out);
        assertTrue(out.contains("transaction   rollback"), out);
        assertTrue(out.contains("alice"), out);
        long events = out.lines().filter(l -> l.matches("^[ !]#\\d+ .*")).count();
        try (RecordingReader reader = reader()) {
            assertEquals(reader.events(shop.aliceSession).size(), events, out);
        }
    }

    @Test
    void showMarksErrorsAndPrintsRows() {
        Cli.Run r = onStore(shop.store, "show", shop.bobSession, "--rows");
        ok(r);
        assertTrue(r.out().contains("ERROR"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.contains("ERROR") && l.contains("42S02") && l.contains("INVOICES")), r::toString);
        assertTrue(r.out().contains("3 sets: [orders.customer_id=7, orders.total=19.91]"), r::toString);
        assertTrue(r.out().contains("        set 2: orders.customer_id=42, orders.total=19.92"), r::toString);
        assertTrue(r.out().contains("updated [1, 1, 1]"), r::toString);
    }

    @Test
    void showJsonGivesTheStoredLines() throws Exception {
        Cli.Run r = onStore(shop.store, "show", shop.aliceSession, "--json");
        ok(r);
        List<String> stored = new ArrayList<>();
        try (RecordingReader reader = reader()) {
            reader.forEachLine(shop.aliceSession, l -> stored.add(new String(l, StandardCharsets.UTF_8)));
        }
        assertEquals(stored, r.lines());
        assertEquals(shop.aliceSession, JSON.readTree(r.lines().get(0)).get("sid").asText());
    }

    @Test
    void showAcceptsAUniquePrefix() {
        Cli.Run r = onStore(shop.store, "show", shop.bobSession.substring(0, 24).toLowerCase());
        ok(r);
        assertTrue(r.out().contains("session   " + shop.bobSession), r::toString);
    }

    @Test
    void noSuchSessionIsOneLine() {
        Cli.Run r = onStore(shop.store, "show", "01ZZZZZZZZZZZZZZZZZZZZZZZZ");
        failsWithOneLine(ExitCodes.ERROR, r);
        assertTrue(r.err().contains("no such session: 01ZZZZZZZZZZZZZZZZZZZZZZZZ"), r::toString);
        failsWithOneLine(ExitCodes.ERROR, onStore(shop.store, "verify", "7ZZZ"));
        failsWithOneLine(ExitCodes.ERROR, onStore(shop.store, "replay", "7ZZZ", "--jdbc-url", "jdbc:h2:mem:x"));
    }

    @Test
    void verifyOneAndAll() {
        Cli.Run one = onStore(shop.store, "verify", shop.aliceSession);
        ok(one);
        assertTrue(one.lines().get(0).matches(shop.aliceSession + "  OK  \\d+ events"), one::toString);
        assertEquals("1 session: 1 verified, 0 failed", one.lines().get(1));

        Cli.Run all = onStore(shop.store, "verify", "--all");
        ok(all);
        assertEquals("2 sessions: 2 verified, 0 failed", all.lines().get(all.lines().size() - 1), all::toString);

        Cli.Run json = onStore(shop.store, "verify", "--all", "--json");
        ok(json);
        assertTrue(json.lines().get(0).contains("\"status\":\"OK\""), json::toString);

        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "verify"));
        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "verify", "--all", shop.aliceSession));
    }

    @Test
    void exportJsonlAndCsv() throws Exception {
        Cli.Run jsonl = onStore(shop.store, "export", shop.aliceSession, shop.bobSession);
        ok(jsonl);
        List<String> stored = new ArrayList<>();
        try (RecordingReader reader = reader()) {
            reader.forEachLine(shop.aliceSession, l -> stored.add(new String(l, StandardCharsets.UTF_8)));
            reader.forEachLine(shop.bobSession, l -> stored.add(new String(l, StandardCharsets.UTF_8)));
        }
        assertEquals(stored, jsonl.lines());

        Cli.Run csv = onStore(shop.store, "export", "--identity", "bob", "--format", "csv");
        ok(csv);
        List<String> rows = csv.out().lines().toList();
        assertEquals(String.join(",", ExportCommand.CSV_HEADER), rows.get(0));
        assertTrue(csv.out().contains("\r\n"), "RFC 4180 line ends");
        assertTrue(rows.stream().anyMatch(l -> l.contains(",statement,bob,") && l.contains("insert into orders (customer_id, total) values (?, ?)")), csv::toString);
        assertTrue(rows.stream().anyMatch(l -> l.contains(",error,bob,") && l.contains("42S02")), csv::toString);

        Path file = dir.resolve("all.csv");
        Cli.Run toFile = onStore(shop.store, "export", "--all", "--format", "csv", "--output", file.toString());
        assertEquals(0, toFile.code(), toFile::toString);
        assertEquals("", toFile.out());
        assertTrue(toFile.err().contains("exported 2 sessions to " + file), toFile::toString);
        // one record per event; a quoted field may hold a line break (H2's messages do)
        assertEquals(stored.size(), Files.readAllLines(file).stream().filter(l -> l.matches("^[0-9A-Z]{26},\\d+,.*")).count());

        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "export"));
        failsWithOneLine(ExitCodes.USAGE, onStore(shop.store, "export", "--format", "xml", "--all"));
    }

    @Test
    void storeErrorsAreOneLine() {
        Cli.Run missing = run("sessions", "--store", "file:" + dir.resolve("nowhere"));
        failsWithOneLine(ExitCodes.ERROR, missing);
        assertTrue(missing.err().contains("no such directory"), missing::toString);

        Cli.Run scheme = run("sessions", "--store", "ftp://example/x");
        failsWithOneLine(ExitCodes.USAGE, scheme);
        assertTrue(scheme.err().contains("no store provider for scheme 'ftp'"), scheme::toString);

        try (RecordingReader holder = reader()) {
            Cli.Run locked = onStore(shop.store, "sessions");
            failsWithOneLine(ExitCodes.ERROR, locked);
            assertTrue(locked.err().contains("store file:" + shop.store), locked::toString);
            assertNotNull(holder);
        }
    }

    @Test
    void usageErrors() {
        Cli.Run unknown = run("sessions", "--colour");
        failsWithOneLine(ExitCodes.USAGE, unknown);
        assertTrue(unknown.err().startsWith("witness sessions: Unknown option: '--colour'"), unknown::toString);
        failsWithOneLine(ExitCodes.USAGE, run("bogus"));
        failsWithOneLine(ExitCodes.USAGE, run());
        Cli.Run version = run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("witness "), version::toString);
        Cli.Run help = run("help", "replay");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--allow-writes") && help.out().contains("--topic-prefix"), help::toString);
    }

    private static RecordingReader reader() {
        return RecordingReader.open(WitnessConfig.builder().put("witness.store", "file:" + shop.store).build());
    }
}
