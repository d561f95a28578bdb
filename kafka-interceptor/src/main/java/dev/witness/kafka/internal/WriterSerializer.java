package dev.witness.kafka.internal;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A private instance of the producer's configured key or value serializer, used on the Recorder's
 * writer thread to turn a captured key or value into the bytes the broker got, so the sending
 * thread never serializes twice (docs/kafka.md, "Serialization").
 *
 * <p>Only the writer thread calls {@link #serialize}, so a serializer that is not thread-safe is
 * fine. When the class cannot be instantiated (no public no-argument constructor, a serializer
 * instance built in code with state the configuration does not carry) or throws, values are
 * recorded as their type allows ({@link PayloadEncoder#object}) and this is logged once.
 */
final class WriterSerializer {
    private static final Logger LOG = LoggerFactory.getLogger(WriterSerializer.class);
    private static final String KAFKA_SERIALIZERS = "org.apache.kafka.common.serialization.";

    private final Serializer<Object> serializer;
    private final String what;
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    private WriterSerializer(Serializer<Object> serializer, String what) {
        this.serializer = serializer;
        this.what = what;
    }

    /** The serializer named by {@code key.serializer} or {@code value.serializer} in {@code configs}. */
    @SuppressWarnings("unchecked")
    static WriterSerializer of(Map<String, ?> configs, boolean isKey) {
        String configName = isKey ? "key.serializer" : "value.serializer";
        Object setting = configs.get(configName);
        if (setting == null) {
            return new WriterSerializer(null, configName);
        }
        try {
            Class<?> type = setting instanceof Class<?> c ? c : Class.forName(setting.toString().trim(), true,
                    loader());
            Serializer<Object> s = (Serializer<Object>) type.getConstructor().newInstance();
            s.configure(configs, isKey);
            return new WriterSerializer(s, configName + " " + type.getName());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.warn("Witness: cannot create a private instance of the producer's {} {} ({}); produced {}s are"
                    + " recorded from their objects (text, bytes or toString), not as serialized bytes",
                    configName, setting, e.toString(), isKey ? "key" : "value");
            return new WriterSerializer(null, configName);
        }
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Serializer.class.getClassLoader();
    }

    /** The bytes of {@code data} as the producer's serializer makes them; writer thread only. */
    byte[] serialize(String topic, Headers headers, Object data) {
        if (serializer == null) {
            return data == null ? null : PayloadEncoder.Values.toBytes(data);
        }
        try {
            return serializer.serialize(topic, headers, data);
        } catch (RuntimeException e) {
            if (failureLogged.compareAndSet(false, true)) {
                LOG.warn("Witness: the private {} failed on the writer thread ({}); such values are recorded from"
                        + " their objects instead. Logged once.", what, e.getClass().getName());
            }
            return data == null ? null : PayloadEncoder.Values.toBytes(data);
        }
    }

    /** True if closing matters: a serializer from outside Kafka's own package (which hold nothing). */
    boolean needsClose() {
        return serializer != null && !serializer.getClass().getName().startsWith(KAFKA_SERIALIZERS);
    }

    void close() {
        if (serializer != null) {
            try {
                serializer.close();
            } catch (RuntimeException e) {
                LOG.debug("Witness: closing the private {} failed", what, e);
            }
        }
    }
}
