package dev.witness.kafka.internal;

import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.Masker;
import dev.witness.recorder.event.Payload;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import dev.witness.recorder.event.Payload;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The opt-in forward mode ({@code witness.kafka.mask.forward=true}): masks keys, values and header
 * values of the records themselves, so the broker stores (producer side) or the application
 * receives (consumer side) masked data. It runs on the client's thread, since the record must be
 * masked before it goes on; that is the one place Witness masks off the writer thread.
 *
 * <p>The interceptor sees objects, not bytes: values of type {@code String}, {@code byte[]},
 * {@code ByteBuffer} and {@code Bytes} that are UTF-8 text (JSON included) are masked; other types
 * pass unchanged, which is logged once. A record nothing matched is returned as the same instance.
 */
public final class ForwardMasker {
    private static final Logger LOG = LoggerFactory.getLogger(ForwardMasker.class);
    /** ConsumerRecords(Map, Map nextOffsets) of Kafka 4, or null on 3.x. */
    private static final MethodHandle RECORDS_WITH_NEXT_OFFSETS = constructor(Map.class, Map.class);
    /** ConsumerRecords(Map) of 3.x (deprecated for removal in 4.x, so not linked at compile time). */
    private static final MethodHandle RECORDS = constructor(Map.class);
    private static final MethodHandle NEXT_OFFSETS = nextOffsets();

    private final Masker masker;
    private final String source;
    private final AtomicBoolean unsupportedLogged = new AtomicBoolean();

    public ForwardMasker(Masker masker, String source) {
        this.masker = masker;
        this.source = source;
    }

    /** The record with its matched parts masked, or {@code record} itself. */
    @SuppressWarnings("unchecked")
    public <K, V> ProducerRecord<K, V> mask(ProducerRecord<K, V> record) {
        String topic = record.topic();
        Object key = maskValue(Kind.KAFKA_KEY, topic, null, record.key());
        Object value = maskValue(Kind.KAFKA_VALUE, topic, null, record.value());
        Header[] headers = record.headers().toArray();
        Header[] masked = maskHeaders(topic, headers);
        if (key == record.key() && value == record.value() && masked == headers) {
            return record;
        }
        return new ProducerRecord<>(topic, record.partition(), record.timestamp(), (K) key, (V) value,
                masked == headers ? record.headers() : new RecordHeaders(masked));
    }

    /** The records with their matched parts masked, or {@code records} itself. */
    @SuppressWarnings("unchecked")
    public <K, V> ConsumerRecords<K, V> mask(ConsumerRecords<K, V> records) {
        if (records.isEmpty()) {
            return records;
        }
        boolean changed = false;
        Map<TopicPartition, List<ConsumerRecord<K, V>>> out = new LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<K, V>> list = records.records(tp);
            List<ConsumerRecord<K, V>> maskedList = new ArrayList<>(list.size());
            for (ConsumerRecord<K, V> r : list) {
                Object key = maskValue(Kind.KAFKA_KEY, r.topic(), null, r.key());
                Object value = maskValue(Kind.KAFKA_VALUE, r.topic(), null, r.value());
                Header[] headers = r.headers().toArray();
                Header[] masked = maskHeaders(r.topic(), headers);
                if (key == r.key() && value == r.value() && masked == headers) {
                    maskedList.add(r);
                } else {
                    changed = true;
                    maskedList.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(),
                            r.timestampType(), r.serializedKeySize(), r.serializedValueSize(), (K) key, (V) value,
                            masked == headers ? r.headers() : new RecordHeaders(masked), r.leaderEpoch()));
                }
            }
            out.put(tp, maskedList);
        }
        return changed ? rebuild(records, out) : records;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> ConsumerRecords<K, V> rebuild(ConsumerRecords<K, V> original,
                                                        Map<TopicPartition, List<ConsumerRecord<K, V>>> records) {
        try {
            if (RECORDS_WITH_NEXT_OFFSETS != null && NEXT_OFFSETS != null) {
                Map<TopicPartition, OffsetAndMetadata> next =
                        (Map<TopicPartition, OffsetAndMetadata>) NEXT_OFFSETS.invoke(original);
                return (ConsumerRecords<K, V>) RECORDS_WITH_NEXT_OFFSETS.invoke(records, new HashMap<>(next));
            }
            if (RECORDS != null) {
                return (ConsumerRecords<K, V>) RECORDS.invoke(records);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        throw new IllegalStateException("this Kafka client has no known ConsumerRecords constructor");
    }

    private Header[] maskHeaders(String topic, Header[] headers) {
        Header[] out = headers;
        for (int i = 0; i < headers.length; i++) {
            Header h = headers[i];
            byte[] v = h.value();
            if (v == null) {
                continue;
            }
            Object masked = maskValue(Kind.KAFKA_HEADER, topic, h.key(), v);
            if (masked != v) {
                if (out == headers) {
                    out = headers.clone();
                }
                out[i] = new RecordHeader(h.key(), (byte[]) masked);
            }
        }
        return out;
    }

    /** The masked value, or {@code value} itself when nothing matched or its type cannot be masked. */
    private Object maskValue(Kind kind, String topic, String name, Object value) {
        if (value == null) {
            return null;
        }
        MaskedField field = new MaskedField(kind, source, topic, null, name, 0);
        if (value instanceof String s) {
            String m = masker.mask(field, s);
            return m == null || m.equals(s) ? value : m;
        }
        byte[] bytes;
        if (value instanceof byte[] b) {
            bytes = b;
        } else if (value instanceof Bytes b) {
            bytes = b.get();
        } else if (value instanceof ByteBuffer bb) {
            bytes = PayloadEncoder.Values.toBytes(bb);
        } else {
            if (unsupportedLogged.compareAndSet(false, true)) {
                LOG.warn("Witness: witness.kafka.mask.forward cannot mask values of type {} (only String, byte[],"
                        + " ByteBuffer and Bytes holding text); they pass unchanged. Logged once.",
                        value.getClass().getName());
            }
            return value;
        }
        if (!Payload.isText(bytes, 0, bytes.length)) {
            return value;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String m = masker.mask(field, text);
        if (m == null || m.equals(text)) {
            return value;
        }
        byte[] out = m.getBytes(StandardCharsets.UTF_8);
        if (value instanceof Bytes) {
            return new Bytes(out);
        }
        if (value instanceof ByteBuffer) {
            return ByteBuffer.wrap(out);
        }
        return out;
    }

    private static MethodHandle constructor(Class<?>... parameters) {
        try {
            return MethodHandles.publicLookup().findConstructor(ConsumerRecords.class,
                    MethodType.methodType(void.class, parameters));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private static MethodHandle nextOffsets() {
        try {
            return MethodHandles.publicLookup().findVirtual(ConsumerRecords.class, "nextOffsets",
                    MethodType.methodType(Map.class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
