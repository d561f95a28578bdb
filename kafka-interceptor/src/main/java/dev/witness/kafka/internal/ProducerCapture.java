package dev.witness.kafka.internal;

import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.Transaction;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Captures one producer's sends and acknowledgements.
 *
 * <p><b>Sending thread</b> ({@link #onSend}): a timestamp, the identity, a snapshot of the header
 * array, the key and value references (byte arrays and buffers copied, since the application may
 * reuse them once {@code send} returns, unless {@code witness.kafka.copyValues=false}) and one
 * {@link SendCapture} handed to the Recorder. No serialization, no text, no hashing.
 *
 * <p><b>I/O thread</b> ({@link #onAcknowledgement}): a timestamp and one {@link AckCapture}
 * holding the metadata, exception and the record's {@code Headers} object, handed to the Recorder.
 * Nothing is looked up there unless a {@link RecordingContext} session scope was active at some
 * send still unacknowledged.
 *
 * <p><b>Writer thread</b> ({@code toEvent}): the private serializers turn key and value into the
 * bytes the broker got, and {@link AckMatcher} pairs each acknowledgement with its send: Kafka 4
 * passes the record's own {@code Headers} instance to the interceptor with the acknowledgement,
 * which identifies the send exactly (see {@link AckMatcher} for the 3.x client and early errors).
 */
public final class ProducerCapture {
    private final ClientSession client;
    private final PayloadEncoder payloads;
    private final WriterSerializer keySerializer;
    private final WriterSerializer valueSerializer;
    private final String clientId;
    private final String transactionalId;
    /** witness.kafka.copyValues: copy byte[], ByteBuffer and Bytes keys and values on the sending thread. */
    private final boolean copyValues;
    private final AckMatcher matcher = new AckMatcher();
    /** The send of each thread's last onSend: pairs an error raised inside send() with its record. */
    private final ThreadLocal<SendCapture> lastSend = new ThreadLocal<>();
    /** Sends recorded into a scope's session, by their Headers instance, so their ack follows them. */
    private final Map<IdentityKey, RecordingSession> scopedSends = new ConcurrentHashMap<>();

    public ProducerCapture(ClientSession client, PayloadEncoder payloads, Map<String, ?> configs, String clientId,
                           String transactionalId, boolean copyValues) {
        this.client = client;
        this.payloads = payloads;
        this.keySerializer = WriterSerializer.of(configs, true);
        this.valueSerializer = WriterSerializer.of(configs, false);
        this.clientId = clientId;
        this.transactionalId = transactionalId;
        this.copyValues = copyValues;
        if (transactionalId != null) {
            TransactionLinks.register(transactionalId, this);
        }
    }

    /** Captures the record that goes on to the serializer and the broker. Never throws. */
    public void onSend(ProducerRecord<?, ?> record) {
        // set(null), not remove(): remove() drops the thread's map entry and the next set() allocates a new one
        lastSend.set(null);
        try {
            Headers headers = record.headers();
            SendCapture send = new SendCapture(this, WitnessClock.nowMicros(), RecordingContext.currentIdentity(),
                    record.topic(), record.partition(), record.timestamp(), headers.toArray(),
                    copyValues ? snapshot(record.key()) : record.key(),
                    copyValues ? snapshot(record.value()) : record.value(), headers);
            lastSend.set(send);
            if (RecordingContext.currentScope() == null) {
                client.record(client.session(), send);
            } else {
                RecordingSession scoped = client.current();
                scopedSends.put(new IdentityKey(headers), scoped);
                client.record(scoped, send);
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            client.failed("send", e);
        }
    }

    /** Captures the broker's answer (or the client's error) for one record. Never throws. */
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        try {
            long now = WitnessClock.nowMicros();
            SendCapture direct = lastSend.get();
            if (direct != null) {
                lastSend.set(null);
            }
            RecordingSession target = client.session();
            if (!scopedSends.isEmpty()) {
                // an error raised inside send() may come with a copy of the headers: try the send's own too
                RecordingSession scoped = headers == null ? null : scopedSends.remove(new IdentityKey(headers));
                if (scoped == null && direct != null) {
                    scoped = scopedSends.remove(new IdentityKey(direct.headersRef));
                }
                if (scoped != null) {
                    target = scoped;
                }
            }
            // the I/O thread must never park on a full queue: that would stall every send of the producer
            client.recordWithoutWaiting(target, new AckCapture(this, now, metadata, exception, headers, direct));
        } catch (RuntimeException | LinkageError | AssertionError e) {
            client.failed("acknowledgement", e);
        }
    }

    /** Copies what the application may overwrite after send() returns; other values are kept by reference. */
    private static Object snapshot(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof ByteBuffer bb) {
            ByteBuffer d = bb.duplicate();
            ByteBuffer copy = ByteBuffer.allocate(d.remaining());
            copy.put(d).flip();
            return copy;
        }
        if (value instanceof Bytes bytes) {
            return new Bytes(bytes.get().clone());
        }
        return value;
    }

    /**
     * Records a transaction boundary of this producer ({@code begin}, {@code commit}, {@code abort}),
     * named by its transactional id, into the session its sends on this thread go to. Called by the
     * decorator that sees the producer's transaction calls, after the call succeeded. Never throws.
     */
    public void onTransaction(String action) {
        try {
            Transaction event = new Transaction(WitnessClock.nowMicros(), RecordingContext.currentIdentity(), action,
                    transactionalId);
            client.record(() -> event);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            client.failed("transaction " + action, e);
        }
    }

    /** A forward-masking failure: the record went on unmasked (as Kafka would do); counted and logged once. */
    public void maskingFailed(Throwable t) {
        client.failed("forward masking of a send", t);
    }

    /** Closes the private serializers once their last captured values were converted, then the session. */
    public void close() {
        if (transactionalId != null) {
            TransactionLinks.unregister(transactionalId, this);
        }
        try {
            if (keySerializer.needsClose() || valueSerializer.needsClose()) {
                client.recorder().flush();
                keySerializer.close();
                valueSerializer.close();
            }
        } finally {
            client.close();
        }
    }

    /** One send, converted to a {@link Produce} on the writer thread. */
    static final class SendCapture implements DeferredEvent {
        final ProducerCapture owner;
        final long timeMicros;
        final Identity identity;
        final String topic;
        final Integer partition;
        final Long timestamp;
        // dropped once converted: a send waits for its acknowledgement without its key and value
        Header[] headers;
        Object key;
        Object value;
        final Headers headersRef;
        // set on the writer thread
        long call = -1;
        int keySize = -1;
        int valueSize = -1;
        SendCapture sameHeadersNext;
        /** Matched with its acknowledgement, or forgotten (AckMatcher). */
        boolean acknowledged;

        SendCapture(ProducerCapture owner, long timeMicros, Identity identity, String topic, Integer partition,
                    Long timestamp, Header[] headers, Object key, Object value, Headers headersRef) {
            this.owner = owner;
            this.timeMicros = timeMicros;
            this.identity = identity;
            this.topic = topic;
            this.partition = partition;
            this.timestamp = timestamp;
            this.headers = headers;
            this.key = key;
            this.value = value;
            this.headersRef = headersRef;
        }

        @Override
        public Event toEvent() {
            ProducerCapture o = owner;
            // serializers may add headers, as they do in the real send: give them a copy to add to
            RecordHeaders h = new RecordHeaders(headers);
            byte[] k = o.keySerializer.serialize(topic, h, key);
            byte[] v = o.valueSerializer.serialize(topic, h, value);
            keySize = k == null ? -1 : k.length;
            valueSize = v == null ? -1 : v.length;
            o.matcher.register(this);
            Produce event = new Produce(timeMicros, identity, call, topic, partition, timestamp,
                    o.payloads.headers(h.toArray()), o.payloads.bytes(k), o.payloads.bytes(v), o.clientId,
                    o.transactionalId);
            headers = null;
            key = null;
            value = null;
            return event;
        }
    }

    /**
     * One acknowledgement, paired with its send on the writer thread. Acknowledgements queued one
     * behind the other (Kafka answers a produce request's records in one loop on the I/O thread)
     * share a line while they are successful, of the same topic, partition and identity, at
     * consecutive offsets: one line, one hash, a few bytes per record instead of a whole line.
     */
    static final class AckCapture implements DeferredEvent {
        /** Most acknowledgements on one line: bounds the line (a few bytes each). */
        static final int MAX_PER_LINE = 4096;

        private final ProducerCapture owner;
        private final long timeMicros;
        private final RecordMetadata metadata;
        private final Exception exception;
        private final Headers headers;
        private final SendCapture direct;
        // writer thread only
        private SendCapture send;
        private boolean matched;
        /** Acknowledgements absorbed onto this one's line, in order; null while there are none. */
        private List<AckCapture> more;

        AckCapture(ProducerCapture owner, long timeMicros, RecordMetadata metadata, Exception exception,
                   Headers headers, SendCapture direct) {
            this.owner = owner;
            this.timeMicros = timeMicros;
            this.metadata = metadata;
            this.exception = exception;
            this.headers = headers;
            this.direct = direct;
        }

        /** The send this answers, paired once, in queue order (absorb pairs the next one early). */
        private SendCapture send() {
            if (!matched) {
                matched = true;
                send = owner.matcher.match(metadata, headers, direct);
            }
            return send;
        }

        private boolean shareable() {
            return exception == null && metadata != null && metadata.hasOffset() && metadata.offset() >= 0;
        }

        @Override
        public boolean absorb(DeferredEvent next) {
            if (!(next instanceof AckCapture a) || a.owner != owner || !shareable() || !a.shareable()) {
                return false;
            }
            AckCapture last = more == null ? this : more.get(more.size() - 1);
            if (more != null && more.size() >= MAX_PER_LINE
                    || a.metadata.offset() != last.metadata.offset() + 1
                    || a.metadata.partition() != metadata.partition() || !a.metadata.topic().equals(metadata.topic())) {
                return false;
            }
            SendCapture first = send(); // pairs this one before the next, as the writer would
            SendCapture other = a.send();
            if (first == null || other == null || !Objects.equals(first.identity, other.identity)) {
                return false; // a.toEvent() uses its pairing
            }
            if (more == null) {
                more = new ArrayList<>();
            }
            more.add(a);
            return true;
        }

        @Override
        public Event toEvent() {
            SendCapture send = send();
            String topic = metadata != null ? metadata.topic() : send != null ? send.topic : null;
            int partition = metadata != null ? metadata.partition() : -1;
            long offset = metadata != null && exception == null && metadata.hasOffset() ? metadata.offset() : -1;
            String error = exception == null ? null : exception.getClass().getName()
                    + (exception.getMessage() == null ? "" : ": " + exception.getMessage());
            List<Long> calls = List.of();
            if (more != null) {
                Long[] c = new Long[more.size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = more.get(i).send.call;
                }
                calls = List.of(c);
            }
            return new Acknowledgement(timeMicros, send == null ? null : send.identity, send == null ? -1 : send.call,
                    topic, partition, offset, error, calls);
        }
    }

    /** A key comparing by reference: the Headers instance of one send. */
    record IdentityKey(Object ref) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdentityKey k && k.ref == ref;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ref);
        }
    }
}
