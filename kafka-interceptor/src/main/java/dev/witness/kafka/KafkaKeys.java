package dev.witness.kafka;

import dev.witness.recorder.config.ConfigKey;
import dev.witness.recorder.config.ConfigKeyProvider;

import java.util.Collection;
import java.util.List;

/**
 * The {@code witness.kafka.*} keys, set beside the client's own keys in its configuration;
 * docs/kafka.md documents each. Registered through META-INF/services so that a misspelt key fails
 * at start-up.
 */
public final class KafkaKeys implements ConfigKeyProvider {
    /** The size at and above which a key, value or header value is capped: 10 MiB. */
    public static final String DEFAULT_MAX_VALUE_BYTES = "10MiB";
    /** How much of a capped value is kept: the first 1 KiB. */
    public static final String DEFAULT_CAPPED_PREFIX_BYTES = "1KiB";

    public static final ConfigKey<Long> MAX_VALUE_BYTES = ConfigKey.bytes("witness.kafka.maxValueBytes",
            DEFAULT_MAX_VALUE_BYTES, "A key, value or header value of this size or more is recorded capped: its"
                    + " first witness.kafka.cappedPrefixBytes, its whole size and the SHA-256 of the whole value.");
    public static final ConfigKey<Long> CAPPED_PREFIX_BYTES = ConfigKey.bytes("witness.kafka.cappedPrefixBytes",
            DEFAULT_CAPPED_PREFIX_BYTES, "How many leading bytes of a capped value are recorded.");
    public static final ConfigKey<Boolean> COPY_VALUES = ConfigKey.bool("witness.kafka.copyValues", true,
            "The producer interceptor copies byte[], ByteBuffer and Bytes keys and values on the sending thread,"
                    + " since the application may reuse them once send() returned. false: kept by reference (no copy),"
                    + " for applications that never change a key or value after sending it.");
    public static final ConfigKey<Boolean> MASK_FORWARD = ConfigKey.bool("witness.kafka.mask.forward", false,
            "Opt-in: the producer interceptor masks what the broker stores, the consumer interceptor what the"
                    + " application receives. Off: records flow unchanged.");
    public static final ConfigKey<String> MASK_FORWARD_RULES = ConfigKey.string("witness.kafka.mask.forward.rules",
            null, "The rules the forward mode masks with ('builtin' or a YAML/JSON file); unset: witness.masking.rules.");
    public static final ConfigKey<String> TARGET = ConfigKey.string("witness.kafka.target", null,
            "The session target to record instead of the client's bootstrap.servers.");

    @Override
    public Collection<ConfigKey<?>> keys() {
        return List.of(MAX_VALUE_BYTES, CAPPED_PREFIX_BYTES, COPY_VALUES, MASK_FORWARD, MASK_FORWARD_RULES, TARGET);
    }
}
