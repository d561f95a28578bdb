package dev.witness.kafka;

import dev.witness.kafka.internal.ClientConfigs;
import dev.witness.kafka.internal.ClientSession;
import dev.witness.kafka.internal.ForwardMasker;
import dev.witness.kafka.internal.ProducerCapture;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records every record a Kafka producer sends and the broker's acknowledgement of it. Configured
 * only through the producer's own configuration, beside its keys:
 *
 * <pre>
 * interceptor.classes=dev.witness.kafka.WitnessProducerInterceptor
 * witness.store=file:/var/lib/witness
 * </pre>
 *
 * <p>One session per producer, from {@code configure} to {@code close} (events sent inside a
 * {@code RecordingContext} session scope go to that scope's session). Every producer and consumer
 * naming the same store shares one Recorder. Keys and values are recorded as the serialized bytes
 * the broker got: the producer's serializer runs again, on the Recorder's writer thread
 * (docs/kafka.md explains why and its limits).
 *
 * <p>It never changes what flows unless {@code witness.kafka.mask.forward=true}, and never throws
 * into the producer: a failure inside Witness is counted, logged once and recorded as a gap. A
 * bad {@code witness.*} setting fails the producer's construction, as every configuration error
 * does. It cannot refuse a send (Kafka ignores interceptor exceptions): that is the job of a
 * guarding Producer decorator.
 *
 * <p>Place it last in {@code interceptor.classes}: it records what the interceptors before it
 * returned.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class WitnessProducerInterceptor<K, V> implements ProducerInterceptor<K, V> {
    /** The session source of producers. */
    public static final String SOURCE = "kafka-producer";

    private ProducerCapture capture;
    private ForwardMasker forward;

    @Override
    public void configure(Map<String, ?> configs) {
        WitnessConfig config = WitnessConfig.load(configs, "producer config");
        if (!config.get(CoreKeys.ENABLED)) {
            return;
        }
        ForwardMasker masker = ClientConfigs.forwardMasker(config, SOURCE);
        String clientId = ClientConfigs.text(configs, "client.id");
        String transactionalId = ClientConfigs.text(configs, "transactional.id");
        Map<String, String> attributes = new LinkedHashMap<>();
        if (clientId != null) {
            attributes.put("client_id", clientId);
        }
        if (transactionalId != null) {
            attributes.put("transactional_id", transactionalId);
        }
        ClientSession client = ClientSession.open(config, SOURCE, ClientConfigs.target(config, configs), attributes,
                "producer " + (clientId == null ? "" : clientId));
        try {
            this.capture = new ProducerCapture(client, ClientConfigs.payloads(config), configs, clientId,
                    transactionalId, config.get(KafkaKeys.COPY_VALUES));
        } catch (RuntimeException | LinkageError e) {
            client.close();
            throw e;
        }
        this.forward = masker;
    }

    @Override
    public ProducerRecord<K, V> onSend(ProducerRecord<K, V> record) {
        ProducerCapture c = capture;
        if (c == null || record == null) {
            return record;
        }
        ProducerRecord<K, V> out = record;
        ForwardMasker f = forward;
        if (f != null) {
            out = maskOrKeep(f, record, c);
        }
        c.onSend(out);
        return out;
    }

    private static <K, V> ProducerRecord<K, V> maskOrKeep(ForwardMasker f, ProducerRecord<K, V> record,
                                                          ProducerCapture c) {
        try {
            return f.mask(record);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Masking failed: the record goes on unchanged, as Kafka itself would do; recorded as a gap.
            c.maskingFailed(e);
            return record;
        }
    }

    /** Kafka 4: the acknowledgement with the record's headers, which pair it with its send exactly. */
    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        ProducerCapture c = capture;
        if (c != null) {
            c.onAcknowledgement(metadata, exception, headers);
        }
    }

    /** Kafka 3.x calls this form only. */
    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        ProducerCapture c = capture;
        if (c != null) {
            c.onAcknowledgement(metadata, exception, null);
        }
    }

    @Override
    public void close() {
        ProducerCapture c = capture;
        capture = null;
        if (c != null) {
            c.close();
        }
    }
}
