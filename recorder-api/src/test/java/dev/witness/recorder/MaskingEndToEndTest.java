package dev.witness.recorder;

import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.event.*;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.witness.recorder.RecorderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Invariant 1 at the Recorder: canary values planted in every kind of field, recorded through a
 * Recorder with masking rules; no byte under the store directory (segments and index) holds one.
 */
class MaskingEndToEndTest {
    private static final String RULES = """
            rules:
              - name: ssn
                columns: [users.ssn]
                strategy: redact
              - name: secrets
                detect: [card, password, email]
                strategy: redact
            """;
    private static final List<String> CANARIES = List.of("ZZCANARYPARAM77", "ZZCANARYRESULT77", "4111111111111111",
            "hunter2canary", "canary@example.com", "4012888888881881");

    @Test
    void noCanarySurvivesInAnyStoredByte(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        Path store = dir.resolve("store");
        String id;
        try (Recorder recorder = Recorder.builder().config(config(store)
                .put("witness.masking.rules", rules.toString()).build()).build();
             RecordingContext.Scope who = RecordingContext.with(
                     Identity.of("ops").with("ticket", "jdbc:postgresql://db/app?user=x&password=hunter2canary"));
             RecordingSession s = recorder.openSession(SessionSpec.of("jdbc",
                     "postgresql://app:hunter2canary@db/app"))) {
            id = s.id();
            Identity i = RecordingContext.currentIdentity();
            s.record(new Statement(1, i, 1, "update", "insert into users (name, ssn) values (?, ?)", 1));
            s.record(new Parameters(2, i, 1, List.of(List.of(new Parameter(1, null, null, "VARCHAR", "Ada"),
                    new Parameter(2, null, null, "VARCHAR", "ZZCANARYPARAM77")))));
            s.record(new Statement(3, i, 2, "query", "select ssn, card from users where card = '4012888888881881'", 1));
            s.record(new Result(4, i, 2, List.of(new Column("SSN", "USERS", "VARCHAR"), new Column("CARD", "USERS", "VARCHAR")),
                    List.of(List.of("ZZCANARYRESULT77", "4111 1111 1111 1111")), 1, false));
            s.record(new Failure(5, i, 2, "java.sql.SQLException", "22001", 0,
                    "value too long: 4111-1111-1111-1111 for canary@example.com"));
            s.record(new Produce(6, i, 3, "orders", null, null, List.of(new Header("x-mail", Payload.text("canary@example.com"))),
                    Payload.text("canary@example.com"), Payload.text("{\"customer\":{\"email\":\"canary@example.com\"}}"),
                    null, null));
        }
        try (Stream<Path> files = Files.walk(store)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String canary : CANARIES) {
                    assertFalse(bytes.contains(canary), canary + " found in " + f);
                }
            }
        }
        try (RecordingStore s = openStore(store); RecordingReader reader = RecordingReader.of(s)) {
            List<RecordedEvent> events = reader.events(id);
            Parameters p = (Parameters) events.get(2).event();
            assertEquals("Ada", p.sets().get(0).get(0).value(), "values no rule selects are kept");
            assertEquals("[ssn]", p.sets().get(0).get(1).value(), "the parameter bound to users.ssn is masked");
            assertEquals("[ssn]", ((Result) events.get(4).event()).rows().get(0).get(0));
            assertTrue(reader.verify(id).ok(), "masked recordings verify");
        }
    }

    @Test
    void badRulesFileFailsAtStartNamingKeyFileAndLine(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  - name: x\n    detect: [card]\n    strategy: scramble\n");
        ConfigException e = assertThrows(ConfigException.class, () -> Recorder.builder()
                .config(config(dir.resolve("store")).put("witness.masking.rules", rules.toString()).build()).build());
        assertTrue(e.getMessage().startsWith("witness.masking.rules=" + rules + " (code): " + rules + ":4:"), e.getMessage());
        assertTrue(e.getMessage().contains("rule 'x'"), e.getMessage());
    }
}
