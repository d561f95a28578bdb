package dev.witness.kafka.internal;

import dev.witness.kafka.internal.ProducerCapture.IdentityKey;
import dev.witness.kafka.internal.ProducerCapture.SendCapture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pairs acknowledgements with their sends, on the writer thread, so the producer's I/O thread
 * only hands over what Kafka gave it.
 *
 * <p>How a pair is found, in order:
 * <ol>
 * <li>By the record's {@code Headers} instance: Kafka 4 passes it to
 *     {@code onAcknowledgement(metadata, exception, headers)}, and every {@code ProducerRecord}
 *     has its own. Exact, also across partitions and retries.</li>
 * <li>By the send that the same thread made last, for an error raised inside {@code send()}
 *     (metadata timeout, record too large for the client): Kafka then passes a copy of the headers,
 *     but calls the interceptor synchronously on the sending thread.</li>
 * <li>Otherwise (the 3.x client, whose interceptor gets no headers, or an interceptor after ours
 *     that replaced the record): the oldest unacknowledged send of the same topic whose partition
 *     (if it set one) and serialized key and value sizes agree. Exact when acknowledgements of a
 *     topic come in send order, which Kafka guarantees per partition.</li>
 * </ol>
 * An acknowledgement without a send (its produce event was dropped or refused) is recorded with
 * call {@code -1}. Unacknowledged sends are bounded ({@link #MAX_PENDING}); the oldest is
 * forgotten first.
 *
 * <p>Threading: the Recorder's single writer thread calls it; the methods are synchronized only
 * so that a misuse cannot corrupt it (uncontended, so nearly free).
 */
final class AckMatcher {
    static final int MAX_PENDING = 100_000;

    private long nextCall;
    private final LinkedHashMap<IdentityKey, SendCapture> pending = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<IdentityKey, SendCapture> eldest) {
            return size() > MAX_PENDING;
        }
    };

    /** Gives {@code send} its call number and waits for its acknowledgement. */
    synchronized void register(SendCapture send) {
        send.call = ++nextCall;
        IdentityKey key = new IdentityKey(send.headersRef);
        SendCapture head = pending.get(key);
        if (head == null) {
            pending.put(key, send);
        } else {
            // one ProducerRecord sent more than once: its sends share the Headers instance
            SendCapture tail = head;
            while (tail.sameHeadersNext != null) {
                tail = tail.sameHeadersNext;
            }
            tail.sameHeadersNext = send;
        }
    }

    /** The send this acknowledgement answers, removed from the pending ones; {@code null} if unknown. */
    synchronized SendCapture match(RecordMetadata metadata, Headers headers, SendCapture direct) {
        if (headers != null) {
            SendCapture head = pending.get(new IdentityKey(headers));
            if (head != null) {
                unlink(head);
                return head;
            }
        }
        if (direct != null && direct.call > 0 && isPending(direct)) {
            unlink(direct);
            return direct;
        }
        if (metadata == null) {
            return null;
        }
        for (Iterator<SendCapture> it = pending.values().iterator(); it.hasNext(); ) {
            for (SendCapture s = it.next(); s != null; s = s.sameHeadersNext) {
                if (agrees(s, metadata)) {
                    unlink(s);
                    return s;
                }
            }
        }
        return null;
    }

    /** Sends waiting for their acknowledgement. */
    synchronized int pendingCount() {
        int n = 0;
        for (SendCapture s : pending.values()) {
            for (; s != null; s = s.sameHeadersNext) {
                n++;
            }
        }
        return n;
    }

    private static boolean agrees(SendCapture s, RecordMetadata m) {
        if (!s.topic.equals(m.topic())) {
            return false;
        }
        if (s.partition != null && m.partition() >= 0 && s.partition != m.partition()) {
            return false;
        }
        // sizes are -1 in the metadata of an error raised before serialization
        boolean sizesKnown = m.serializedKeySize() >= 0 || m.serializedValueSize() >= 0;
        return !sizesKnown || (normalize(s.keySize) == normalize(m.serializedKeySize())
                && normalize(s.valueSize) == normalize(m.serializedValueSize()));
    }

    private static int normalize(int size) {
        return Math.max(size, -1);
    }

    private boolean isPending(SendCapture send) {
        for (SendCapture s = pending.get(new IdentityKey(send.headersRef)); s != null; s = s.sameHeadersNext) {
            if (s == send) {
                return true;
            }
        }
        return false;
    }

    private void unlink(SendCapture send) {
        IdentityKey key = new IdentityKey(send.headersRef);
        SendCapture head = pending.get(key);
        if (head == send) {
            if (send.sameHeadersNext == null) {
                pending.remove(key);
            } else {
                pending.put(key, send.sameHeadersNext);
            }
        } else {
            for (SendCapture s = head; s != null; s = s.sameHeadersNext) {
                if (s.sameHeadersNext == send) {
                    s.sameHeadersNext = send.sameHeadersNext;
                    break;
                }
            }
        }
        send.sameHeadersNext = null;
    }
}
