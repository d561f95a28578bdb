package dev.witness.kafka.internal;

import dev.witness.kafka.KafkaKeys;
import dev.witness.masking.Masker;
import dev.witness.masking.Maskers;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** Reads what the interceptors need from a Kafka client's configuration map. */
public final class ClientConfigs {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConfigs.class);

    private ClientConfigs() {
    }

    /** A client setting as text, {@code null} if unset or blank; lists are joined with commas. */
    public static String text(Map<String, ?> configs, String name) {
        Object v = configs.get(name);
        if (v == null) {
            return null;
        }
        String s = v instanceof Collection<?> c ? String.join(",", c.stream().map(String::valueOf).toList())
                : v.toString();
        s = s.trim();
        return s.isEmpty() ? null : s;
    }

    /** A boolean client setting, {@code defaultValue} if unset. */
    public static boolean bool(Map<String, ?> configs, String name, boolean defaultValue) {
        String s = text(configs, name);
        return s == null ? defaultValue : Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
    }

    /** The session target: {@code witness.kafka.target}, else the bootstrap servers. */
    public static String target(WitnessConfig config, Map<String, ?> configs) {
        String t = config.get(KafkaKeys.TARGET);
        if (t != null && !t.isBlank()) {
            return t;
        }
        String servers = text(configs, "bootstrap.servers");
        return servers == null ? "kafka" : "kafka://" + servers;
    }

    /** The encoder of recorded payloads with the configured cap. */
    public static PayloadEncoder payloads(WitnessConfig config) {
        return new PayloadEncoder(config.get(KafkaKeys.MAX_VALUE_BYTES), config.get(KafkaKeys.CAPPED_PREFIX_BYTES));
    }

    /**
     * The forward masker when {@code witness.kafka.mask.forward=true}, else {@code null}. Rules come
     * from {@code witness.kafka.mask.forward.rules}, else {@code witness.masking.rules}; a rules
     * file with mistakes fails here, at start-up.
     */
    public static ForwardMasker forwardMasker(WitnessConfig config, String source) {
        if (!config.get(KafkaKeys.MASK_FORWARD)) {
            return null;
        }
        String rules = config.get(KafkaKeys.MASK_FORWARD_RULES);
        if (rules == null || rules.isBlank()) {
            rules = config.get(CoreKeys.MASKING_RULES);
        }
        Masker masker;
        if (rules == null || rules.isBlank()) {
            LOG.warn("Witness: witness.kafka.mask.forward=true but neither witness.kafka.mask.forward.rules nor"
                    + " witness.masking.rules is set: records pass unmasked");
            masker = Masker.passThrough();
        } else {
            masker = Maskers.load(rules);
        }
        return masker.isPassThrough() ? null : new ForwardMasker(masker, source);
    }
}
