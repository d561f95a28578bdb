package dev.witness.storage;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StoreProvider} needs to open a store.
 *
 * @param uri     the store location, e.g. {@code file:./witness-recordings} or {@code s3://bucket/prefix}
 * @param options backend options keyed relative to {@code witness.store.<scheme>.}, already checked against
 *                {@link StoreProvider#optionKeys()}
 */
public record StoreConfig(URI uri, Map<String, String> options) {
    public StoreConfig {
        Objects.requireNonNull(uri, "uri");
        options = Map.copyOf(options);
    }

    public static StoreConfig of(String uri) {
        return new StoreConfig(URI.create(uri), Map.of());
    }

}
