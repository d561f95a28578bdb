package dev.witness.recorder;

/**
 * Counters of a Recorder since it started. A snapshot; every figure only grows.
 *
 * @param enqueued     events accepted into the queue
 * @param written      events appended to the store (gap events included)
 * @param dropped      events dropped by the {@code drop} policy (each one is in a gap event's count)
 * @param rejected     calls refused by the {@code fail} policy
 * @param lost         events that could not be stored at all (failing encoder or store at shutdown), logged
 * @param batches      store appends
 * @param syncs        store syncs
 * @param storeErrors  failed store calls (retried)
 * @param queued       events waiting in the queue now
 */
public record RecorderStats(long enqueued, long written, long dropped, long rejected, long lost, long batches,
                            long syncs, long storeErrors, int queued) {
}
