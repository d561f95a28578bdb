package dev.witness.recorder.config;

/**
 * Configuration is wrong. The message names each offending key, where its value came from
 * (file and line, system property, environment variable, map) and what was expected.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
