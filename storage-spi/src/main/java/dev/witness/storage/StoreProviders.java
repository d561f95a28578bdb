package dev.witness.storage;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Finds {@link StoreProvider}s on the class path by URI scheme.
 */
public final class StoreProviders {
    private StoreProviders() {
    }

    /**
     * All providers visible to {@code loader}, keyed by scheme.
     *
     * @throws StoreException if two providers claim the same scheme
     */
    public static Map<String, StoreProvider> discover(ClassLoader loader) {
        Map<String, StoreProvider> byScheme = new TreeMap<>();
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, loader)) {
            String scheme = provider.scheme().toLowerCase(java.util.Locale.ROOT);
            StoreProvider previous = byScheme.putIfAbsent(scheme, provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                throw new StoreException("two store providers claim the scheme '" + scheme + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName()
                        + "; remove one from the class path");
            }
        }
        return byScheme;
    }

    /**
     * The provider for {@code scheme}.
     *
     * @throws StoreException naming the scheme and the schemes available if there is none
     */
    public static StoreProvider forScheme(String scheme, ClassLoader loader) {
        Map<String, StoreProvider> all = discover(loader);
        StoreProvider provider = all.get(scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT));
        if (provider == null) {
            throw new StoreException("no store provider for scheme '" + scheme + "'; available: " + all.keySet()
                    + " (add the backend's module, e.g. witness-storage-s3 for s3:, to the class path)");
        }
        return provider;
    }
}
