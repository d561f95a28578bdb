package dev.witness.kafka;

import dev.witness.kafka.internal.ForwardingProducer;
import dev.witness.guardrails.Guard;
import dev.witness.guardrails.SessionGuard;
import dev.witness.guardrails.Verdict;
import dev.witness.recorder.Identity;
import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Event;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Producer} that checks every send against the guardrails policy before the wrapped
 * producer sees it (an interceptor cannot refuse a send: Kafka logs and ignores its exceptions).
 *
 * <pre>{@code
 * Producer<String, String> producer = WitnessProducer.wrap(new KafkaProducer<>(configs), configs);
 * }</pre>
 *
 * <ul>
 *   <li>Denied: the record never reaches the producer; the returned future fails with
 *       {@link WitnessDeniedSendException} (message naming the rule) and the callback receives
 *       it with metadata of offset -1; a {@code denial} event is recorded.</li>
 *   <li>Approve: {@code send} waits on the calling thread for the decision (at most
 *       {@code witness.approval.timeout}, like {@code max.block.ms} for metadata), which keeps
 *       the caller's order of sends; granted sends go on unchanged, and the {@code approval} event
 *       is recorded.</li>
 *   <li>Without {@code witness.guardrails.policy} (or when no rule can apply to this producer's
 *       target) every call is forwarded with one null check.</li>
 * </ul>
 *
 * <p>Decisions are recorded in a session of their own (source {@code kafka-producer}, target
 * {@code kafka://<bootstrap.servers>}) on the shared Recorder of {@code witness.store}; the
 * interceptor's session records the sends that went through. {@link #close()} closes the wrapped
 * producer, then the session and the approval client. Thread-safe as the wrapped producer is.
 */
public final class WitnessProducer<K, V> extends ForwardingProducer<K, V> {
    /** The source the policy sees and the decision session is recorded under. */
    public static final String SOURCE = "kafka-producer";
    private static final Logger LOG = LoggerFactory.getLogger(WitnessProducer.class);
    private static final AtomicLong CALLS = new AtomicLong();

    private final Guard guard;
    private final SessionGuard sessionGuard;
    private final Recorder recorder;
    private final RecordingSession session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean recordFailureLogged = new AtomicBoolean();

    private WitnessProducer(Producer<K, V> delegate, Guard guard, SessionGuard sessionGuard, Recorder recorder,
                            RecordingSession session) {
        super(delegate);
        this.guard = guard;
        this.sessionGuard = sessionGuard;
        this.recorder = recorder;
        this.session = session;
    }

    /**
     * Wraps {@code producer}, reading the {@code witness.*} keys of {@code configs} (the producer's
     * own config map) over the environment's, and its {@code bootstrap.servers} for the target.
     *
     * @throws dev.witness.recorder.config.ConfigException for a bad policy or approval setting
     */
    public static <K, V> WitnessProducer<K, V> wrap(Producer<K, V> producer, Map<String, ?> configs) {
        Object bootstrap = configs.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        String servers = bootstrap instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(bootstrap);
        return wrap(producer, WitnessConfig.load(configs, "producer config"), "kafka://" + servers);
    }

    /** Wraps {@code producer} with {@code config}; {@code target} is what the policy's {@code when.target} sees. */
    public static <K, V> WitnessProducer<K, V> wrap(Producer<K, V> producer, WitnessConfig config, String target) {
        Objects.requireNonNull(producer, "producer");
        Guard guard = Guard.fromConfig(config);
        SessionGuard sg = guard == null ? null : guard.session(SOURCE, target);
        if (sg == null) {
            if (guard != null) {
                guard.close();
            }
            return new WitnessProducer<>(producer, null, null, null, null);
        }
        Recorder recorder = null;
        RecordingSession session;
        try {
            recorder = Recorder.shared(config);
            session = recorder.openSession(SessionSpec.of(SOURCE, target));
        } catch (RuntimeException e) {
            guard.close();
            if (recorder != null) {
                recorder.close();
            }
            throw e;
        }
        return new WitnessProducer<>(producer, guard, sg, recorder, session);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
        return send(record, null);
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
        if (sessionGuard == null) {
            return delegate.send(record, callback);
        }
        Identity identity = RecordingContext.currentIdentity();
        Verdict v = sessionGuard.checkSend(identity, record.topic(), record.partition(), record.key(), record.value(),
                headerNames(record));
        if (v != Verdict.ALLOWED) {
            record(v, identity);
        }
        if (v.allowed()) {
            return delegate.send(record, callback);
        }
        WitnessDeniedSendException denied = new WitnessDeniedSendException(v.rule(), v.message());
        if (callback != null) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition() == null ? -1 : record.partition());
            callback.onCompletion(new RecordMetadata(tp, -1, -1, -1, -1, -1), denied);
        }
        CompletableFuture<RecordMetadata> f = new CompletableFuture<>();
        f.completeExceptionally(denied);
        return f;
    }

    private static List<String> headerNames(ProducerRecord<?, ?> record) {
        if (record.headers() == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (Header h : record.headers()) {
            names.add(h.key());
        }
        return names;
    }

    private void record(Verdict v, Identity identity) {
        long call = CALLS.incrementAndGet();
        try {
            for (Event e : v.events(call, identity)) {
                session.record(e);
            }
        } catch (RuntimeException e) {
            // the decision stands; only its record is missing (e.g. backpressure=fail with a full queue)
            if (recordFailureLogged.compareAndSet(false, true)) {
                LOG.warn("a guardrails decision could not be recorded ({}); further failures are not logged",
                        e.getClass().getName());
            }
        }
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            release();
        }
    }

    @Override
    public void close(Duration timeout) {
        try {
            delegate.close(timeout);
        } finally {
            release();
        }
    }

    private void release() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (session != null) {
            session.close();
            recorder.close();
        }
        if (guard != null) {
            guard.close();
        }
    }

    @Override
    public String toString() {
        return "WitnessProducer[" + delegate + "]";
    }
}
