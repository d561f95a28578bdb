package dev.witness.recorder.reader;

import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.format.EventDecoder;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.internal.StoreOpener;
import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * What auditors use: list and query sessions, read a session's events back in order, verify a
 * session or a whole store. Works on any store through the SPI. Thread-safe for reading.
 *
 * <pre>{@code
 * try (RecordingReader reader = RecordingReader.open(WitnessConfig.load())) {
 *     for (SessionDescriptor s : reader.sessions(SessionQuery.builder().identity("alice").build()).sessions()) {
 *         System.out.println(reader.verify(s.id()));
 *     }
 * }
 * }</pre>
 */
public final class RecordingReader implements AutoCloseable {
    private final RecordingStore store;
    private final boolean ownsStore;
    private final EventDecoder decoder = new EventDecoder();

    private RecordingReader(RecordingStore store, boolean ownsStore) {
        this.store = store;
        this.ownsStore = ownsStore;
    }

    /** A reader over an open store; closing the reader leaves the store open. */
    public static RecordingReader of(RecordingStore store) {
        return new RecordingReader(store, false);
    }

    /**
     * Opens the store named by {@code witness.store} for reading. A store being written by a
     * running process is locked by it: read it through that process's store, or after it stopped.
     */
    public static RecordingReader open(WitnessConfig config) {
        return new RecordingReader(StoreOpener.open(config), true);
    }

    /** One page of sessions matching the query. */
    public SessionPage sessions(SessionQuery query) {
        return store.sessions(query);
    }

    /** The descriptor of one session. */
    public SessionDescriptor session(String sessionId) {
        return store.session(sessionId);
    }

    /** The session's events in order, decoded. Masked values stay masked. */
    public List<RecordedEvent> events(String sessionId) {
        List<RecordedEvent> out = new ArrayList<>();
        forEachEvent(sessionId, out::add);
        return out;
    }

    /** Streams the session's events in order to {@code consumer} without holding them all. */
    public void forEachEvent(String sessionId, Consumer<RecordedEvent> consumer) {
        try (EventCursor cursor = store.read(sessionId)) {
            while (cursor.hasNext()) {
                consumer.accept(decoder.decode(cursor.next().bytes()));
            }
        }
    }

    /** The session's stored lines, exactly as stored (for export and jq). */
    public void forEachLine(String sessionId, Consumer<byte[]> consumer) {
        try (EventCursor cursor = store.read(sessionId)) {
            while (cursor.hasNext()) {
                consumer.accept(cursor.next().bytes());
            }
        }
    }

    /** Verifies one session's hash chain. */
    public Verification verify(String sessionId) {
        SessionDescriptor descriptor = store.session(sessionId);
        try (EventCursor cursor = store.read(sessionId)) {
            Iterable<byte[]> lines = () -> new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return cursor.hasNext();
                }

                @Override
                public byte[] next() {
                    EncodedEvent e = cursor.next();
                    return e.bytes();
                }
            };
            return new ChainVerifier().verify(sessionId, lines, descriptor.ended());
        }
    }

    /** Verifies every session of the store, page by page; {@code each} sees every result. */
    public StoreVerification verifyAll(Consumer<Verification> each) {
        long ok = 0;
        long failed = 0;
        Verification firstFailure = null;
        SessionQuery query = SessionQuery.builder().limit(500).build();
        while (true) {
            SessionPage page = store.sessions(query);
            for (SessionDescriptor d : page.sessions()) {
                Verification v = verify(d.id());
                each.accept(v);
                if (v.ok()) {
                    ok++;
                } else {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = v;
                    }
                }
            }
            if (!page.hasNext()) {
                break;
            }
            query = query.next(page);
        }
        return new StoreVerification(ok, failed, firstFailure);
    }

    /**
     * The outcome of verifying a whole store.
     *
     * @param verified     sessions that verified
     * @param failed       sessions that did not
     * @param firstFailure the first failing session's result, or {@code null}
     */
    public record StoreVerification(long verified, long failed, Verification firstFailure) {
        public boolean ok() {
            return failed == 0;
        }
    }

    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
