package dev.witness.storage.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreProvider;
import dev.witness.storage.StoreProviders;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options parsing, error messages that name the key, and the file: provider. */
class FileStoreOptionsTest {
    @TempDir
    Path tmp;

    @Test
    void defaults() {
        FileStoreOptions d = FileStoreOptions.parse(Map.of());
        assertEquals(128L << 20, d.segmentBytes());
        assertEquals(Duration.ofHours(1), d.segmentAge());
        assertNull(d.retentionAge());
        assertEquals(-1, d.retentionBytes());
    }

    @ParameterizedTest
    @CsvSource({"4096,4096", "512KiB,524288", "128MiB,134217728", "1GiB,1073741824", "64k,65536", "2 MB,2097152", "1g,1073741824"})
    void sizes(String text, long bytes) {
        assertEquals(bytes, FileStoreOptions.parse(Map.of("segmentBytes", text)).segmentBytes());
    }

    @ParameterizedTest
    @CsvSource({"500ms,PT0.5S", "30s,PT30S", "15m,PT15M", "1h,PT1H", "30d,PT720H", "2w,PT336H", "PT2H,PT2H", "P1D,PT24H"})
    void durations(String text, String iso) {
        assertEquals(Duration.parse(iso), FileStoreOptions.parse(Map.of("retention.age", text)).retentionAge());
    }

    @Test
    void retentionCanBeTurnedOff() {
        FileStoreOptions o = FileStoreOptions.parse(Map.of("retention.age", "off", "retention.bytes", "OFF"));
        assertNull(o.retentionAge());
        assertEquals(-1, o.retentionBytes());
        assertEquals(10L << 30, FileStoreOptions.parse(Map.of("retention.bytes", "10GiB")).retentionBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "segmentBytes|lots|witness.store.file.segmentBytes: expected a size such as 134217728, 512KiB, 128MiB or 1GiB, got 'lots'",
            "segmentBytes|12 parsecs|witness.store.file.segmentBytes: expected a size",
            "segmentBytes|100|witness.store.file.segmentBytes: expected at least 4096 bytes, got '100'",
            "segmentBytes|99999999999999999999|witness.store.file.segmentBytes: expected a size",
            "segmentBytes|off|witness.store.file.segmentBytes: expected a size",
            "segmentAge|soon|witness.store.file.segmentAge: expected a duration such as 500ms, 30s, 15m, 1h, 30d, 2w or PT1H, got 'soon'",
            "segmentAge|0s|witness.store.file.segmentAge: expected a positive duration",
            "segmentAge|off|witness.store.file.segmentAge: expected a duration",
            "retention.age|30 days|witness.store.file.retention.age: expected a duration such as 500ms, 30s, 15m, 1h, 30d, 2w or PT1H, or off, got '30 days'",
            "retention.age|P-1D|witness.store.file.retention.age: expected a duration",
            "retention.bytes|-5|witness.store.file.retention.bytes: expected a size such as 134217728, 512KiB, 128MiB or 1GiB, or off, got '-5'",
            "directIo|yes|witness.store.file.directIo: expected true or false, got 'yes'",
            "segmentSize|1GiB|unknown option witness.store.file.segmentSize; the file store accepts witness.store.file.directIo, "
                    + "witness.store.file.retention.age, witness.store.file.retention.bytes, witness.store.file.segmentAge, "
                    + "witness.store.file.segmentBytes"})
    void badOptionsNameTheKeyAndWhatWasExpected(String key, String value, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileStoreOptions.parse(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void theProviderIsFoundByScheme() {
        StoreProvider provider = StoreProviders.forScheme("file", getClass().getClassLoader());
        assertInstanceOf(FileStoreProvider.class, provider);
        assertEquals(FileStoreOptions.KEYS, provider.optionKeys());
    }

    @Test
    void fileUrisNameDirectories() {
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals(cwd.resolve("witness-recordings"), FileStoreProvider.directory(URI.create("file:./witness-recordings")));
        assertEquals(cwd.resolve("rel/dir"), FileStoreProvider.directory(URI.create("file:rel/dir")));
        assertEquals(Path.of("/abs/path"), FileStoreProvider.directory(URI.create("file:/abs/path")));
        assertEquals(Path.of("/abs/path"), FileStoreProvider.directory(URI.create("file:///abs/path")));
        assertEquals(Path.of("/abs/with space"), FileStoreProvider.directory(URI.create("file:///abs/with%20space")));
        IllegalArgumentException remote = assertThrows(IllegalArgumentException.class,
                () -> FileStoreProvider.directory(URI.create("file://fileserver/share")));
        assertTrue(remote.getMessage().contains("fileserver"), remote.getMessage());
    }

    @Test
    void theProviderOpensAStoreAndRejectsBadOptions() {
        FileStoreProvider provider = new FileStoreProvider();
        URI uri = tmp.resolve("via-provider").toUri();
        try (RecordingStore store = provider.open(new StoreConfig(uri, Map.of("segmentBytes", "1MiB")))) {
            assertEquals(1L << 20, ((FileStore) store).options().segmentBytes());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.open(new StoreConfig(uri, Map.of("segmentBytes", "huge"))));
        assertTrue(e.getMessage().contains("witness.store.file.segmentBytes"), e.getMessage());
    }
}
