package dev.witness.recorder.config;

import java.util.Collection;

/**
 * Lists the {@code witness.*} keys a module understands, so that a key no module knows is
 * reported at start-up (with the closest known key as a hint) instead of being ignored.
 * Found with {@link java.util.ServiceLoader}.
 */
public interface ConfigKeyProvider {
    Collection<ConfigKey<?>> keys();
}
