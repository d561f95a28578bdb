package dev.witness.storage.file;

import dev.witness.storage.RecordingStore;
import dev.witness.storage.StoreConfig;
import dev.witness.storage.StoreProvider;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code file:} scheme: {@code file:./witness-recordings} (relative to the working
 * directory), {@code file:/abs/path} or {@code file:///abs/path}. Options are those of
 * {@link FileStoreOptions}. Registered in {@code META-INF/services}. Stateless and thread-safe.
 */
public final class FileStoreProvider implements StoreProvider {
    public static final String SCHEME = "file";

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Set<String> optionKeys() {
        return FileStoreOptions.KEYS;
    }

    @Override
    public RecordingStore open(StoreConfig config) {
        return FileStore.open(directory(config.uri()), FileStoreOptions.parse(config.options()));
    }

    /** The directory a {@code file:} URI names, made absolute against the working directory. */
    static Path directory(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("witness.store: expected a file: URI such as file:./witness-recordings, got '" + uri + "'");
        }
        String path;
        if (uri.isOpaque()) {
            path = uri.getSchemeSpecificPart();
        } else {
            String authority = uri.getAuthority();
            if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                throw new IllegalArgumentException("witness.store: a file: URI names a local directory, not a host ('" + authority
                        + "'); write file:/path, file:///path or file:./relative/path, got '" + uri + "'");
            }
            path = uri.getPath();
        }
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("witness.store: the file: URI names no directory; write e.g. file:./witness-recordings, got '" + uri + "'");
        }
        try {
            return Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("witness.store: '" + uri + "' is not a valid directory path: " + e.getMessage(), e);
        }
    }
}
