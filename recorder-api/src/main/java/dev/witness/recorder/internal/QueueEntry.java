package dev.witness.recorder.internal;

import java.util.concurrent.CompletableFuture;

/**
 * What the caller hands the writer: the session and its event (an {@code Event} or a
 * {@code DeferredEvent}), or a control marker (flush, stop) with no session. {@code durable}
 * is completed by the writer once the entry is synced (sync durability, flush, stop).
 */
final class QueueEntry {
    final SessionState session;
    final Object event;
    final CompletableFuture<Void> durable;
    final Control control;

    QueueEntry(SessionState session, Object event, CompletableFuture<Void> durable) {
        this.session = session;
        this.event = event;
        this.durable = durable;
        this.control = null;
    }

    private QueueEntry(Control control) {
        this.session = null;
        this.event = null;
        this.durable = new CompletableFuture<>();
        this.control = control;
    }

    static QueueEntry control(Control control) {
        return new QueueEntry(control);
    }

    enum Control {
        FLUSH, STOP
    }
}
