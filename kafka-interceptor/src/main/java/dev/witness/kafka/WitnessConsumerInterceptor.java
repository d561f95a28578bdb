package dev.witness.kafka;

import dev.witness.kafka.internal.ClientConfigs;
import dev.witness.kafka.internal.ClientSession;
import dev.witness.kafka.internal.ConsumerCapture;
import dev.witness.kafka.internal.ForwardMasker;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every record a Kafka consumer's poll returns to the application and every offset
 * commit (sync, async and auto). Configured only through the consumer's own configuration:
 *
 * <pre>
 * interceptor.classes=dev.witness.kafka.WitnessConsumerInterceptor
 * witness.store=file:/var/lib/witness
 * </pre>
 *
 * <p>One session per consumer, from {@code configure} to {@code close}, or the active
 * {@code RecordingContext} scope's session for polls made inside one. The group is
 * {@code group.id}; the member is {@code group.instance.id}, else {@code client.id} (the
 * coordinator's member id is not visible to interceptors). Keys and values are recorded from the
 * deserialized objects: text as UTF-8, bytes as they are, other types as their {@code toString()}.
 *
 * <p>It returns the records unchanged unless {@code witness.kafka.mask.forward=true}, and never
 * throws into the consumer.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class WitnessConsumerInterceptor<K, V> implements ConsumerInterceptor<K, V> {
    /** The session source of consumers. */
    public static final String SOURCE = "kafka-consumer";

    private ConsumerCapture capture;
    private ForwardMasker forward;

    @Override
    public void configure(Map<String, ?> configs) {
        WitnessConfig config = WitnessConfig.load(configs, "consumer config");
        if (!config.get(CoreKeys.ENABLED)) {
            return;
        }
        ForwardMasker masker = ClientConfigs.forwardMasker(config, SOURCE);
        String clientId = ClientConfigs.text(configs, "client.id");
        String group = ClientConfigs.text(configs, "group.id");
        String instance = ClientConfigs.text(configs, "group.instance.id");
        String member = instance != null ? instance : clientId;
        boolean autoCommit = group != null && ClientConfigs.bool(configs, "enable.auto.commit", true);
        Map<String, String> attributes = new LinkedHashMap<>();
        if (clientId != null) {
            attributes.put("client_id", clientId);
        }
        if (group != null) {
            attributes.put("group", group);
        }
        if (instance != null) {
            attributes.put("group_instance_id", instance);
        }
        ClientSession client = ClientSession.open(config, SOURCE, ClientConfigs.target(config, configs), attributes,
                "consumer " + (clientId == null ? "" : clientId));
        this.capture = new ConsumerCapture(client, ClientConfigs.payloads(config), group, member, autoCommit);
        this.forward = masker;
    }

    @Override
    public ConsumerRecords<K, V> onConsume(ConsumerRecords<K, V> records) {
        ConsumerCapture c = capture;
        if (c == null || records == null) {
            return records;
        }
        ConsumerRecords<K, V> out = records;
        ForwardMasker f = forward;
        if (f != null) {
            try {
                out = f.mask(records);
            } catch (RuntimeException | LinkageError | AssertionError e) {
                c.maskingFailed(e);
                out = records;
            }
        }
        c.onConsume(out);
        return out;
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        ConsumerCapture c = capture;
        if (c != null && offsets != null) {
            c.onCommit(offsets);
        }
    }

    @Override
    public void close() {
        ConsumerCapture c = capture;
        capture = null;
        if (c != null) {
            c.close();
        }
    }
}
