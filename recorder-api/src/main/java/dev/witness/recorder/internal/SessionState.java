package dev.witness.recorder.internal;

import dev.witness.recorder.format.SessionFields;
import dev.witness.storage.SessionDescriptor;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session's state. Callers touch only {@link #dropped} and {@link #ended} (atomics); the
 * other fields belong to the writer thread alone, so they need no synchronization.
 */
public final class SessionState {
    private final SessionDescriptor descriptor;
    private final SessionFields fields;
    /** Events dropped by the drop policy and not yet written as a gap. */
    final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();

    // writer thread only
    long nextSequence;
    String prevHash;
    boolean opened;
    boolean finished;
    /** The descriptor as the store indexes it: identity, target and attributes masked. */
    SessionDescriptor storedDescriptor;
    /** The last statement's call id and SQL, given to the masker with that call's parameters. */
    long lastCall = -1;
    String lastSql;

    SessionState(SessionDescriptor descriptor) {
        this.descriptor = descriptor;
        this.fields = new SessionFields(descriptor.id(), descriptor.source(), descriptor.target());
    }

    public SessionDescriptor descriptor() {
        return descriptor;
    }

    SessionFields fields() {
        return fields;
    }

    /** True once the session's end has been enqueued. */
    public boolean isEnded() {
        return ended.get();
    }

    /** Marks the session ended; true for the one caller that did it. */
    public boolean markEnded() {
        return ended.compareAndSet(false, true);
    }
}
