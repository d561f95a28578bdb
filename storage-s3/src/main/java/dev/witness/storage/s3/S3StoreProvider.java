package dev.witness.storage.s3;

import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreProvider;
import java.util.Set;

/**
 * The {@code s3:} scheme: {@code witness.store=s3://bucket/prefix}, options
 * {@code witness.store.s3.*} ({@link S3StoreOptions}, docs/storage-s3.md). Registered in
 * {@code META-INF/services}. Stateless and thread-safe.
 */
public final class S3StoreProvider implements StoreProvider {
    public static final String SCHEME = "s3";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<String> optionKeys() {
        return S3StoreOptions.KEYS;
    }

    @Override
    public RecordingStore open(StoreConfig config) {
        return S3Store.open(S3StoreOptions.parse(config.uri(), config.options()));
    }
}
