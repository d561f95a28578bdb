package dev.witness.kafka;

import dev.witness.kafka.internal.ForwardingProducer;
import dev.witness.kafka.internal.ProducerCapture;
import dev.witness.kafka.internal.TransactionLinks;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Properties;

/**
 * A transactional {@link Producer} whose transaction outcomes are recorded: Kafka never tells a
 * {@code ProducerInterceptor} about {@code beginTransaction}, {@code commitTransaction} or
 * {@code abortTransaction}, so this decorator records them, as {@code transaction} events named by
 * the {@code transactional.id}, into the session of the {@link WitnessProducerInterceptor} inside
 * the same producer:
 *
 * <pre>
 * props.put("interceptor.classes", WitnessProducerInterceptor.class.getName());
 * props.put("transactional.id", "orders-tx-1");
 * Producer&lt;String, String&gt; producer = new TransactionRecordingProducer&lt;&gt;(props);
 * </pre>
 *
 * <p>{@code begin} is recorded after {@code beginTransaction} returned, {@code commit} after
 * {@code commitTransaction} returned, {@code abort} after {@code abortTransaction} returned; a call
 * that throws records nothing (a commit that failed leaves the transaction open in the recording:
 * it is not committed until a {@code commit} event says so). The {@code produce} events between a
 * {@code begin} and the next {@code commit} or {@code abort} of the same name are that
 * transaction's records (docs/format.md). Every other call goes straight to the wrapped producer;
 * nothing is changed or refused (refusing sends is the guarding decorator's job, which can wrap
 * this one or be wrapped by it).
 *
 * <p>If the wrapped producer has no Witness interceptor (or Witness is disabled), it passes
 * everything through and records nothing; logged once.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class TransactionRecordingProducer<K, V> extends ForwardingProducer<K, V> {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionRecordingProducer.class);

    private final ProducerCapture capture;

    /** Creates a {@link KafkaProducer} from {@code configs} (with the Witness interceptor among them). */
    public TransactionRecordingProducer(Map<String, Object> configs) {
        this(new KafkaProducer<>(configs), transactionalId(configs));
    }

    /** Creates a {@link KafkaProducer} from {@code configs} and the serializer instances. */
    public TransactionRecordingProducer(Map<String, Object> configs, Serializer<K> keySerializer,
                                        Serializer<V> valueSerializer) {
        this(new KafkaProducer<>(configs, keySerializer, valueSerializer), transactionalId(configs));
    }

    /** Creates a {@link KafkaProducer} from {@code properties}. */
    public TransactionRecordingProducer(Properties properties) {
        this(new KafkaProducer<>(properties), properties.getProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }

    private TransactionRecordingProducer(Producer<K, V> delegate, String transactionalId) {
        super(delegate);
        ProducerCapture found = TransactionLinks.find(transactionalId);
        if (found == null) {
            LOG.info("Witness: no recording Kafka producer with transactional.id {} (no {} in interceptor.classes,"
                    + " witness.enabled=false, or no transactional.id): its transactions are not recorded",
                    transactionalId, WitnessProducerInterceptor.class.getSimpleName());
        }
        this.capture = found;
    }

    /**
     * Wraps a producer built elsewhere (a framework's factory, for instance), created with the Witness
     * interceptor and {@code transactional.id = transactionalId}.
     */
    public static <K, V> Producer<K, V> wrap(Producer<K, V> producer, String transactionalId) {
        return new TransactionRecordingProducer<>(producer, transactionalId);
    }

    private static String transactionalId(Map<String, Object> configs) {
        Object id = configs.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return id == null ? null : id.toString();
    }

    private void record(String action) {
        ProducerCapture c = capture;
        if (c != null) {
            c.onTransaction(action);
        }
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
        record("begin");
    }

    @Override
    public void commitTransaction() {
        delegate.commitTransaction();
        record("commit");
    }

    @Override
    public void abortTransaction() {
        delegate.abortTransaction();
        record("abort");
    }

}
