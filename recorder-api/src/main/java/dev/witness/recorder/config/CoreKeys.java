package dev.witness.recorder.config;

import dev.witness.recorder.Backpressure;
import dev.witness.recorder.Durability;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** The Recorder's own keys; docs/configuration.md documents each. */
public final class CoreKeys implements ConfigKeyProvider {
    public static final String STORE_OPTION_PREFIX = "witness.store.";

    public static final ConfigKey<Boolean> ENABLED = ConfigKey.bool("witness.enabled", true,
            "Master switch: false makes every interceptor pass calls through without recording.");
    public static final ConfigKey<String> STORE = ConfigKey.string("witness.store", "file:./witness-recordings",
            "Where recordings go, as a URI whose scheme selects the backend (file:, s3:, ...).");
    public static final ConfigKey<Backpressure> BACKPRESSURE = ConfigKey.choice("witness.backpressure",
            Backpressure.class, Backpressure.BLOCK, "What a caller does when the queue is full.");
    public static final ConfigKey<Durability> DURABILITY = ConfigKey.choice("witness.durability",
            Durability.class, Durability.BATCH, "When written events are made durable.");
    public static final ConfigKey<Duration> DURABILITY_INTERVAL = ConfigKey.duration("witness.durability.interval",
            "1s", "With durability=async: how often the store is synced.");
    public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.integer("witness.queue.capacity", 8192, 16,
            1 << 24, "Events that may wait for the writer before backpressure applies.");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("witness.batch.size", 4096, 1, 1 << 16,
            "Most events the writer takes per batch (one store append and, with batch durability, one sync).");
    public static final ConfigKey<Duration> BATCH_LINGER = ConfigKey.duration("witness.batch.linger", "10ms",
            "How long a writer batch gathers events (group commit): after a wake from idle, and under load between"
                    + " the starts of two batches (0: write at once).");
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("witness.shutdown.timeout", "30s",
            "How long close() and the shutdown hook wait for the queue to drain.");
    public static final ConfigKey<String> MASKING_RULES = ConfigKey.string("witness.masking.rules", null,
            "Masking rules: a YAML or JSON file, or 'builtin'. Unset: values are stored unmasked.");
    public static final ConfigKey<String> APPLICATION = ConfigKey.string("witness.application", null,
            "Application name recorded in every session.");

    @Override
    public Collection<ConfigKey<?>> keys() {
        return List.of(ENABLED, STORE, BACKPRESSURE, DURABILITY, DURABILITY_INTERVAL, QUEUE_CAPACITY, BATCH_SIZE, BATCH_LINGER,
                SHUTDOWN_TIMEOUT, MASKING_RULES, APPLICATION);
    }
}
