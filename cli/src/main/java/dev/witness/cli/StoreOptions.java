package dev.witness.cli;

import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreException;
import dev.witness.storage.StoreProvider;
import dev.witness.storage.StoreProviders;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --store} and {@code --config}, shared by every command that reads a store. The store is
 * opened through the storage SPI (the provider of the URI's scheme), so the CLI reads whatever
 * backend is on its class path and names none.
 */
public final class StoreOptions {
    @Option(names = "--store", paramLabel = "URI",
            description = "The store to read: file:./witness-recordings, file:/var/lib/witness, s3://bucket/prefix. "
                    + "Default: witness.store from --config, witness.properties, WITNESS_STORE or -Dwitness.store, "
                    + "else file:./witness-recordings.")
    String store;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of witness.* keys (store options such as witness.store.file.*).")
    Path config;

    /** The configuration: defaults, the environment, {@code --config}, then {@code --store}. */
    WitnessConfig config() {
        WitnessConfig.Builder b = WitnessConfig.builder().fromEnvironment();
        if (config != null) {
            if (!Files.isReadable(config)) {
                throw CliException.usage("--config " + config + ": no such readable file");
            }
            b.propertiesFile(config);
        }
        if (store != null) {
            b.put(CoreKeys.STORE.name(), store);
        }
        try {
            return b.build();
        } catch (ConfigException e) {
            throw new CliException(ExitCodes.USAGE, oneLine(e.getMessage()), e);
        }
    }

    /** The store's location as the user will recognise it. */
    String location() {
        return config().get(CoreKeys.STORE);
    }

    /**
     * Opens the store. A file store owned by a running recorder is locked: that is reported as
     * one line naming the directory and the owner.
     */
    RecordingStore open() {
        WitnessConfig c = config();
        String location = c.get(CoreKeys.STORE);
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw CliException.usage("--store " + location + ": not a URI (" + e.getReason()
                    + "); expected e.g. file:./witness-recordings or s3://bucket/prefix");
        }
        if (uri.getScheme() == null) {
            throw CliException.usage("--store " + location + ": no scheme; expected e.g. file:./witness-recordings");
        }
        StoreProvider provider;
        try {
            provider = StoreProviders.forScheme(uri.getScheme(), StoreOptions.class.getClassLoader());
        } catch (StoreException e) {
            throw CliException.usage("--store " + location + ": " + e.getMessage());
        }
        if ("file".equalsIgnoreCase(uri.getScheme())) {
            Path dir = fileStorePath(uri);
            if (dir != null && !Files.isDirectory(dir)) {
                // opening would create an empty store: a typo must not look like "no sessions"
                throw CliException.error("store " + location + ": no such directory " + dir.toAbsolutePath());
            }
        }
        try {
            return provider.open(new StoreConfig(uri, c.storeOptions(uri.getScheme())));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("store " + location + ": " + e.getMessage());
        } catch (StoreException e) {
            throw CliException.error("store " + location + ": " + oneLine(e.getMessage()));
        }
    }

    private static Path fileStorePath(URI uri) {
        String path = uri.isOpaque() ? uri.getSchemeSpecificPart() : uri.getPath();
        return path == null || path.isEmpty() ? null : Path.of(path);
    }

    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
