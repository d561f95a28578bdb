package dev.witness.storage;

import java.io.Closeable;
import java.time.Instant;
import java.util.Collection;

/**
 * Where recordings live. A store keeps, per session, an ordered sequence of opaque encoded
 * events (one JSON line each, possibly encrypted: the store never looks inside) plus the
 * session's metadata, and answers queries over that metadata.
 *
 * <p>Threading: the Recorder calls {@link #append} and {@link #sync} from its single writer
 * thread; readers ({@link #sessions}, {@link #read}) may run concurrently with it from any
 * thread. Implementations must be safe for that pattern; they need not support concurrent
 * appends from many threads, but the conformance kit checks that they do not corrupt data
 * when it happens.
 *
 * <p>Ordering: the events of one session are read back in exactly the order they were
 * appended, across batches, rotations and restarts.
 *
 * <p>Every backend, ours or a user's, proves the contract by extending
 * {@code dev.witness.storage.StoreConformanceTest} from this module's test-jar.
 */
public interface RecordingStore extends Closeable {

    /**
     * Appends a batch of events of any number of sessions. When this method returns the batch
     * is written (visible to readers) but not necessarily durable: call {@link #sync()}.
     * A batch is all-or-nothing from a reader's point of view after a crash only up to
     * frame granularity: recovery may cut a torn tail, never reorder.
     *
     * @throws StoreException if the batch could not be written; the store stays usable
     */
    void append(AppendBatch batch);

    /** Makes everything appended so far durable (fsync or the backend's equivalent). */
    void sync();

    /** Lists sessions matching the query, ordered by session id (which sorts by start time). */
    SessionPage sessions(SessionQuery query);

    /**
     * Returns the descriptor of one session.
     *
     * @throws NoSuchSessionException if the store holds no such session
     */
    SessionDescriptor session(String sessionId);

    /**
     * Opens the events of one session for reading, in append order.
     *
     * @throws NoSuchSessionException if the store holds no such session
     */
    EventCursor read(String sessionId);

    /**
     * Removes every session that ended (or, if still open, last wrote) before {@code cutoff}.
     *
     * @return the number of sessions removed
     */
    long purgeOlderThan(Instant cutoff);

    /**
     * Removes the given sessions. Unknown ids are ignored.
     *
     * @return the number of sessions removed
     */
    long purge(Collection<String> sessionIds);

    /** What recovery found when the store was opened: empty when it was shut down cleanly. */
    RecoveryReport recoveryReport();

    /** Syncs and releases every resource, including the exclusive lock. Idempotent. */
    @Override
    void close();
}
