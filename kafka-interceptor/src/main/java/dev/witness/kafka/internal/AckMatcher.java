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
    /** In-order acknowledgements after which the index is dropped, to be rebuilt at the next out-of-order one. */
    static final int DROP_INDEX_AFTER = 1024;

    private long nextCall;
    /**
     * Every registered send in registration order: the oldest-first search, forgetting the oldest,
     * and the fast path. Matched sends leave it lazily: from its head at once (acknowledgements
     * mostly come in send order), from its middle when it is compacted.
     */
    private final ArrayDeque<SendCapture> order = new ArrayDeque<>(512);
    /**
     * Pending sends by their {@code Headers} instance (identity, no key object per lookup); the value
     * is the oldest of the sends sharing it, the others chained through {@code sameHeadersNext}.
     * Built only once an acknowledgement is not for the oldest pending send (several partitions,
     * retries), and dropped when nothing is pending or after {@link #DROP_INDEX_AFTER} acknowledgements
     * in send order (under sustained load nothing is ever not pending): a producer whose
     * acknowledgements come in send order (one partition) pairs each with a look at the queue's
     * head, without hashing.
     */
    private final IdentityHashMap<Headers, SendCapture> byHeaders = new IdentityHashMap<>(512);
    private boolean indexed;
    /** Acknowledgements in a row that came for the oldest pending send while indexed. */
    private int inOrder;
    private int pending;

    /** Gives {@code send} its call number and waits for its acknowledgement. */
    synchronized void register(SendCapture send) {
        send.call = ++nextCall;
        order.addLast(send);
        pending++;
        if (indexed) {
            index(send);
        }
        if (pending > MAX_PENDING) {
            SendCapture oldest = oldestPending();
            if (oldest != null) {
                take(oldest); // forgotten: its acknowledgement, if it ever comes, gets call -1
            }
        }
        if (order.size() > 2 * pending + 1024) {
            order.removeIf(s -> s.acknowledged); // sends acknowledged out of order behind an old one
        }
    }

    /** The send this acknowledgement answers, removed from the pending ones; {@code null} if unknown. */
    synchronized SendCapture match(RecordMetadata metadata, Headers headers, SendCapture direct) {
        if (headers != null) {
            SendCapture oldest = oldestPending();
            if (oldest != null && oldest.headersRef == headers) {
                take(oldest); // in send order: also the oldest of the sends sharing these headers
                if (indexed && ++inOrder >= DROP_INDEX_AFTER) {
                    dropIndex(); // back in send order (a retry is over): no hashing per send any more
                }
                return oldest;
            }
            inOrder = 0;
            if (!indexed && oldest != null) {
                indexed = true;
                for (SendCapture s : order) {
                    if (!s.acknowledged) {
                        index(s);
                    }
                }
            }
            SendCapture head = indexed ? byHeaders.get(headers) : null;
            if (head != null) {
                take(head);
                return head;
            }
        }
        if (direct != null && direct.call > 0 && !direct.acknowledged) {
            take(direct);
            return direct;
        }
        if (metadata == null) {
            return null;
        }
        for (SendCapture s : order) {
            if (!s.acknowledged && agrees(s, metadata)) {
                take(s);
                return s;
            }
        }
        return null;
    }

    private SendCapture oldestPending() {
        SendCapture first;
        while ((first = order.peekFirst()) != null && first.acknowledged) {
            order.pollFirst();
        }
        return first;
    }

    private void index(SendCapture send) {
        SendCapture head = byHeaders.putIfAbsent(send.headersRef, send);
        if (head != null) {
            // one ProducerRecord sent more than once: its sends share the Headers instance
            SendCapture tail = head;
            while (tail.sameHeadersNext != null) {
                tail = tail.sameHeadersNext;
            }
            tail.sameHeadersNext = send;
        }
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
    private void take(SendCapture send) {
        send.acknowledged = true;
        pending--;
        if (indexed) {
            unindex(send);
            if (pending == 0) {
                dropIndex(); // empty already; back to the fast path
            }
        }
        oldestPending(); // drops acknowledged sends from the queue's head
    }

    private void dropIndex() {
        for (SendCapture s : byHeaders.values()) {
            for (SendCapture next; s != null; s = next) {
                next = s.sameHeadersNext;
                s.sameHeadersNext = null;
            }
        }
        byHeaders.clear();
        indexed = false;
        inOrder = 0;
    }

    private void unindex(SendCapture send) {
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
    }
}
