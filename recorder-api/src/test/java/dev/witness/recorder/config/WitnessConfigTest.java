package dev.witness.recorder.config;

import dev.witness.recorder.Backpressure;
import dev.witness.recorder.Durability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WitnessConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        WitnessConfig c = WitnessConfig.builder().build();
        assertEquals("file:./witness-recordings", c.get(CoreKeys.STORE));
        assertEquals(Backpressure.BLOCK, c.get(CoreKeys.BACKPRESSURE));
        assertEquals(Durability.BATCH, c.get(CoreKeys.DURABILITY));
        assertEquals(8192, c.get(CoreKeys.QUEUE_CAPACITY));
        assertEquals(Duration.ofSeconds(30), c.get(CoreKeys.SHUTDOWN_TIMEOUT));
        assertEquals(null, c.get(CoreKeys.MASKING_RULES));
    }

    @Test
    void laterSourcesOverrideEarlierOnesAndOtherKeysAreIgnored(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.properties");
        Files.writeString(file, "witness.backpressure=drop\nwitness.queue.capacity=100\n");
        WitnessConfig c = WitnessConfig.builder().propertiesFile(file)
                .putAll(Map.of("witness.queue.capacity", 200, "bootstrap.servers", "x:9092"), "producer config")
                .build();
        assertEquals(Backpressure.DROP, c.get(CoreKeys.BACKPRESSURE));
        assertEquals(200, c.get(CoreKeys.QUEUE_CAPACITY));
        assertEquals("producer config", c.originOf("witness.queue.capacity"));
        assertEquals(file + " line 1", c.originOf("witness.backpressure"));
    }

    @Test
    void badValueNamesKeyFileLineAndExpectation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("witness.properties");
        Files.writeString(file, "# comment\nwitness.store=file:./x\nwitness.backpressure = dorp\n");
        ConfigException e = assertThrows(ConfigException.class, () -> WitnessConfig.builder().propertiesFile(file).build());
        assertTrue(e.getMessage().contains("witness.backpressure=dorp (" + file + " line 3): expected one of block, drop, fail"),
                e.getMessage());
    }

    @Test
    void unknownKeyIsReportedWithTheClosestKnownKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WitnessConfig.builder().putAll(Map.of("witness.backpresure", "drop"), "JDBC URL").build());
        assertTrue(e.getMessage().contains("witness.backpresure (JDBC URL): unknown key; did you mean witness.backpressure?"),
                e.getMessage());
    }

    @Test
    void everyProblemIsListedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> WitnessConfig.builder()
                .put("witness.queue.capacity", "3")
                .put("witness.durability.interval", "soon")
                .put("witness.enabled", "yes")
                .build());
        String m = e.getMessage();
        assertTrue(m.contains("witness.queue.capacity=3 (code): expected an integer from 16 to 16777216"), m);
        assertTrue(m.contains("witness.durability.interval=soon (code): expected a duration such as 500ms, 10s, 5m, 2h, 30d or PT10S"), m);
        assertTrue(m.contains("witness.enabled=yes (code): expected true or false"), m);
    }

    @Test
    void unknownStoreSchemeOptionIsReported() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WitnessConfig.builder().put("witness.store.ftp.host", "x").build());
        assertTrue(e.getMessage().contains("witness.store.ftp.host (code): unknown key; store options are"
                + " witness.store.<scheme>.<option>"), e.getMessage());
    }

    @Test
    void unreadableFileIsReportedWithItsPath(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> WitnessConfig.builder().propertiesFile(missing));
        assertTrue(e.getMessage().startsWith("cannot read configuration file " + missing), e.getMessage());
    }

    @Test
    void durationsAndSizesParseInEveryDocumentedForm() {
        assertEquals(Duration.ofMillis(500), ValueParsers.duration("500ms"));
        assertEquals(Duration.ofSeconds(10), ValueParsers.duration("10s"));
        assertEquals(Duration.ofMinutes(5), ValueParsers.duration("5m"));
        assertEquals(Duration.ofHours(2), ValueParsers.duration("2h"));
        assertEquals(Duration.ofDays(30), ValueParsers.duration("30d"));
        assertEquals(Duration.ofSeconds(10), ValueParsers.duration("PT10S"));
        assertEquals(4096, ValueParsers.bytes("4096"));
        assertEquals(64L << 10, ValueParsers.bytes("64KiB"));
        assertEquals(128L << 20, ValueParsers.bytes("128MiB"));
        assertEquals(1L << 30, ValueParsers.bytes("1GiB"));
    }
}
