package dev.witness.recorder.internal;

import dev.witness.recorder.Recorder;
import dev.witness.recorder.RecorderStats;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.SessionSpec;
import dev.witness.recorder.config.ConfigException;
import dev.witness.recorder.config.ConfigKey;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Recorder per store per JVM (invariant 6), reference counted: every DataSource and Kafka
 * client naming the same {@code witness.store} shares one queue and one writer, and the store is
 * opened once. The Recorder's own settings (core keys and store options, by effective value)
 * must agree, or the second user gets a {@link ConfigException} naming the difference, rather
 * than silently running with the first user's settings. Module keys may differ per user.
 */
public final class SharedRecorders {
    private static final Map<String, Entry> BY_STORE = new HashMap<>();

    private SharedRecorders() {
    }

    public static synchronized Recorder acquire(WitnessConfig config) {
        String store = config.get(CoreKeys.STORE);
        Entry entry = BY_STORE.get(store);
        if (entry == null) {
            entry = new Entry(BatchRecorder.start(config, null, null));
            BY_STORE.put(store, entry);
        } else if (!difference(entry.recorder.config(), config).isEmpty()) {
            throw new ConfigException("a Witness Recorder for " + store + " is already running with different settings: "
                    + difference(entry.recorder.config(), config)
                    + "; one store has one Recorder per JVM, so every user of it must configure it alike");
        }
        entry.leases++;
        return new Lease(entry);
    }

    /**
     * The settings that shape the Recorder itself (core keys, store options) and differ, by
     * effective value. Module keys ({@code witness.jdbc.*}, {@code witness.kafka.*}) belong to
     * each user and may differ freely.
     */
    private static String difference(WitnessConfig running, WitnessConfig requested) {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey<?> key : new CoreKeys().keys()) {
            Object a = running.get(key);
            Object b = requested.get(key);
            if (!Objects.equals(a, b)) {
                describe(sb, key.name(), a, running.originOf(key.name()), b, requested.originOf(key.name()));
            }
        }
        Map<String, String> a = running.explicitSettings();
        Map<String, String> b = requested.explicitSettings();
        java.util.TreeSet<String> storeKeys = new java.util.TreeSet<>();
        for (String k : a.keySet()) if (k.startsWith(CoreKeys.STORE_OPTION_PREFIX)) storeKeys.add(k);
        for (String k : b.keySet()) if (k.startsWith(CoreKeys.STORE_OPTION_PREFIX)) storeKeys.add(k);
        for (String k : storeKeys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                describe(sb, k, a.get(k), running.originOf(k), b.get(k), requested.originOf(k));
            }
        }
        return sb.toString();
    }

    private static void describe(StringBuilder sb, String key, Object running, String runningOrigin, Object asked,
                                 String askedOrigin) {
        if (sb.length() > 0) sb.append(", ");
        sb.append(key).append(" is ").append(text(running)).append(" (").append(runningOrigin).append(") but ")
                .append(text(asked)).append(" was asked (").append(askedOrigin).append(")");
    }

    private static String text(Object value) {
        return value == null ? "(unset)" : value instanceof Enum<?> e ? e.name().toLowerCase(java.util.Locale.ROOT)
                : value.toString();
    }

    private static synchronized void release(Entry entry) {
        if (--entry.leases == 0) {
            BY_STORE.values().remove(entry);
            entry.recorder.close();
        }
    }

    /** Called when a shared Recorder closed by itself (JVM shutdown). */
    static synchronized void forget(BatchRecorder recorder) {
        BY_STORE.values().removeIf(e -> e.recorder == recorder);
    }

    private static final class Entry {
        final BatchRecorder recorder;
        int leases;

        Entry(BatchRecorder recorder) {
            this.recorder = recorder;
        }
    }

    /** One user's handle on a shared Recorder; closing it releases the lease once. */
    private static final class Lease implements Recorder {
        private final Entry entry;
        private final AtomicBoolean released = new AtomicBoolean();

        Lease(Entry entry) {
            this.entry = entry;
        }

        @Override
        public RecordingSession openSession(SessionSpec spec) {
            return entry.recorder.openSession(spec);
        }

        @Override
        public boolean flush() {
            return entry.recorder.flush();
        }

        @Override
        public RecorderStats stats() {
            return entry.recorder.stats();
        }

        @Override
        public WitnessConfig config() {
            return entry.recorder.config();
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(entry);
            }
        }

        @Override
        public String toString() {
            return "shared " + entry.recorder;
        }
    }
}
