package dev.witness.kafka.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the capture of the producer a transaction-recording decorator wraps. Kafka calls
 * {@code commitTransaction}/{@code abortTransaction} without telling the interceptors, so a
 * decorator sees them and records them into the session of the interceptor inside the same
 * producer. The link is the {@code transactional.id}: the interceptor gets it in its configuration,
 * and Kafka allows one live producer per transactional id (a newer one fences the older), so the
 * id names one producer. The newest registration of an id wins; a closing producer removes only its
 * own.
 */
public final class TransactionLinks {
    private static final Map<String, ProducerCapture> BY_TRANSACTIONAL_ID = new ConcurrentHashMap<>();

    private TransactionLinks() {
    }

    static void register(String transactionalId, ProducerCapture capture) {
        BY_TRANSACTIONAL_ID.put(transactionalId, capture);
    }

    static void unregister(String transactionalId, ProducerCapture capture) {
        BY_TRANSACTIONAL_ID.remove(transactionalId, capture);
    }

    /** The capture of the open producer with this transactional id, or {@code null} (not recorded, or closed). */
    public static ProducerCapture find(String transactionalId) {
        return transactionalId == null ? null : BY_TRANSACTIONAL_ID.get(transactionalId);
    }
}
