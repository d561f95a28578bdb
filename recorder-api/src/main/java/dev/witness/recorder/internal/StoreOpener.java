package dev.witness.recorder.internal;

import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreException;
import dev.witness.storage.StoreProvider;
import dev.witness.storage.StoreProviders;

import java.net.URI;
import java.net.URISyntaxException;

/** Opens the store named by {@code witness.store} through the provider of its URI scheme. */
public final class StoreOpener {
    private StoreOpener() {
    }

    public static RecordingStore open(WitnessConfig config) {
        String location = config.get(CoreKeys.STORE);
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            throw new ConfigException(CoreKeys.STORE.name() + "=" + location + " (" + config.originOf(CoreKeys.STORE.name())
                    + "): not a URI: " + e.getReason() + "; expected e.g. file:./witness-recordings or s3://bucket/prefix");
        }
        if (uri.getScheme() == null) {
            throw new ConfigException(CoreKeys.STORE.name() + "=" + location + " (" + config.originOf(CoreKeys.STORE.name())
                    + "): no scheme; expected e.g. file:./witness-recordings or s3://bucket/prefix");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : StoreOpener.class.getClassLoader();
        StoreProvider provider;
        try {
            provider = StoreProviders.forScheme(uri.getScheme(), loader);
        } catch (StoreException e) {
            throw new ConfigException(CoreKeys.STORE.name() + "=" + location + " (" + config.originOf(CoreKeys.STORE.name())
                    + "): " + e.getMessage(), e);
        }
        try {
            return provider.open(new StoreConfig(uri, config.storeOptions(uri.getScheme())));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("store " + location + ": " + e.getMessage(), e);
        }
    }
}
