package dev.witness.recorder;

import dev.witness.masking.Masker;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.internal.BatchRecorder;
import dev.witness.recorder.internal.SharedRecorders;
import dev.witness.storage.RecordingStore;


/**
 * Records sessions of events into a store. The application's threads only capture and enqueue
 * ({@link RecordingSession#record}); one writer thread per Recorder masks, encodes, hash-chains
 * and appends them in batches, then syncs per {@code witness.durability}.
 *
 * <p>Interceptors use {@link #shared(WitnessConfig)}: one Recorder per store per JVM, reference
 * counted, so ten producers and two DataSources naming one store share one writer and the store
 * is never opened twice. {@link #builder()} opens a private one (tests, custom stores).
 */
public interface Recorder extends AutoCloseable {

    /**
     * A lease on the JVM-wide Recorder for {@code config}'s store, started on first use. Closing
     * the lease releases it; the last release closes the Recorder.
     *
     * @throws dev.witness.recorder.config.ConfigException if a Recorder for the same store is open
     *         with different settings
     */
    static Recorder shared(WitnessConfig config) {
        return SharedRecorders.acquire(config);
    }

    /** A builder for a private Recorder. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a session and records its {@code session_start}. If a {@link RecordingContext}
     * session scope is active on this thread, returns that scope's session instead (its
     * {@code close()} then leaves it open: the scope closes it).
     */
    RecordingSession openSession(SessionSpec spec);

    /**
     * Waits until every event enqueued before this call is durable in the store.
     *
     * @return false if that did not happen within {@code witness.shutdown.timeout}
     */
    boolean flush();

    /** Counters since start. */
    RecorderStats stats();

    /** The configuration this Recorder runs with. */
    WitnessConfig config();

    /** Drains the queue, syncs and closes the store (for a lease: releases it). Idempotent. */
    @Override
    void close();

    /** Builds a private Recorder; settings not given come from {@link WitnessConfig#load()}. */
    final class Builder {
        private WitnessConfig config;
        private RecordingStore store;
        private Masker masker;

        private Builder() {
        }

        /** The configuration ({@code witness.*} keys). */
        public Builder config(WitnessConfig config) {
            this.config = config;
            return this;
        }

        /** Records into this store instead of opening {@code witness.store}; closed with the Recorder. */
        public Builder store(RecordingStore store) {
            this.store = store;
            return this;
        }

        /** Masks with this masker instead of loading {@code witness.masking.rules}. */
        public Builder masker(Masker masker) {
            this.masker = masker;
            return this;
        }

        public Recorder build() {
            WitnessConfig c = config != null ? config : WitnessConfig.load();
            return BatchRecorder.start(c, store, masker);
        }
    }
}
