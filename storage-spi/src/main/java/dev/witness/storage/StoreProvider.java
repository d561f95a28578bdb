package dev.witness.storage;

import java.util.Set;

/**
 * Opens stores for one URI scheme ({@code file}, {@code s3}, a user's own). Found with
 * {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.witness.storage.StoreProvider}. Two providers claiming the same
 * scheme are an error at discovery, never a silent choice.
 */
public interface StoreProvider {

    /** The URI scheme this provider serves, lower case, without the colon. */
    String scheme();

    /**
     * The option keys this provider accepts, relative to {@code witness.store.<scheme>.}
     * (e.g. {@code segmentBytes} for {@code witness.store.file.segmentBytes}). Any other key
     * under that prefix is reported as unknown at start-up.
     */
    Set<String> optionKeys();

    /**
     * Opens (creating if needed) the store at {@code config.uri()}.
     *
     * @throws StoreException with a message naming the location and the problem
     * @throws IllegalArgumentException if an option value is invalid, naming the key
     */
    RecordingStore open(StoreConfig config);
}
