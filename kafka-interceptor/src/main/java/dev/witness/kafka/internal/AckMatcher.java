package dev.witness.kafka.internal;

import dev.witness.kafka.internal.ProducerCapture.SendCapture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

import java.util.ArrayDeque;
import java.util.IdentityHashMap;

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
    /**
     * Pending sends by their {@code Headers} instance (identity, no key object per lookup); the value
     * is the oldest of the sends sharing it, the others chained through {@code sameHeadersNext}.
     */
    private final IdentityHashMap<Headers, SendCapture> byHeaders = new IdentityHashMap<>(512);
    /**
     * Every registered send in registration order, for the oldest-first search and for forgetting
     * the oldest. Matched sends leave it lazily: from its head at once (acknowledgements mostly come
     * in send order), from its middle when it is compacted.
     */
    private final ArrayDeque<SendCapture> order = new ArrayDeque<>(512);
    private int pending;

    /** Gives {@code send} its call number and waits for its acknowledgement. */
    synchronized void register(SendCapture send) {
        send.call = ++nextCall;
        SendCapture head = byHeaders.putIfAbsent(send.headersRef, send);
        if (head != null) {
            // one ProducerRecord sent more than once: its sends share the Headers instance
            SendCapture tail = head;
            while (tail.sameHeadersNext != null) {
                tail = tail.sameHeadersNext;
            }
            tail.sameHeadersNext = send;
        }
        order.addLast(send);
        if (++pending > MAX_PENDING) {
            SendCapture oldest;
            while ((oldest = order.pollFirst()) != null && oldest.acknowledged) {
                // already matched: skip
            }
            if (oldest != null) {
                unlink(oldest); // forgotten: its acknowledgement, if it ever comes, gets call -1
            }
        }
        if (order.size() > 2 * pending + 1024) {
            order.removeIf(s -> s.acknowledged); // sends acknowledged out of order behind an old one
        }
    }

    /** The send this acknowledgement answers, removed from the pending ones; {@code null} if unknown. */
    synchronized SendCapture match(RecordMetadata metadata, Headers headers, SendCapture direct) {
        if (headers != null) {
            SendCapture head = byHeaders.get(headers);
            if (head != null) {
                unlink(head);
                return head;
            }
        }
        if (direct != null && direct.call > 0 && !direct.acknowledged) {
            unlink(direct);
            return direct;
        }
        if (metadata == null) {
            return null;
        }
        for (SendCapture s : order) {
            if (!s.acknowledged && agrees(s, metadata)) {
                unlink(s);
                return s;
            }
        }
        return null;
    }

    /** Sends waiting for their acknowledgement. */
    synchronized int pendingCount() {
        return pending;
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

    /** Takes a pending send out (matched or forgotten). */
    private void unlink(SendCapture send) {
        send.acknowledged = true;
        pending--;
        SendCapture head = byHeaders.get(send.headersRef);
        if (head == send) {
            if (send.sameHeadersNext == null) {
                byHeaders.remove(send.headersRef);
            } else {
                byHeaders.put(send.headersRef, send.sameHeadersNext);
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
        SendCapture first;
        while ((first = order.peekFirst()) != null && first.acknowledged) {
            order.pollFirst();
        }
    }
}
