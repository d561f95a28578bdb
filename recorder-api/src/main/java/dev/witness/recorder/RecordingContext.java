package dev.witness.recorder;

import dev.witness.recorder.internal.SessionScope;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.AbstractExecutorService;

/**
 * Who the current thread works for, and optionally which session its work belongs to. Every
 * interceptor reads it at capture time, so a pooled connection serving many users attributes
 * each statement to the right one.
 *
 * <pre>{@code
 * try (RecordingContext.Scope s = RecordingContext.with(Identity.of("alice").with("ticket", "OPS-42"))) {
 *     jdbcTemplate.update(...);          // recorded as alice
 * }
 * try (RecordingContext.Scope s = RecordingContext.session("nightly-reconcile")) {
 *     // JDBC and Kafka events of this block (and of tasks wrapped with wrap()) form one session
 * }
 * }</pre>
 *
 * <p>The context is a thread-local, not inherited by new threads (pool threads would keep stale
 * identities); carry it across executors with {@link #wrap(Runnable)} and friends. Works the
 * same on virtual threads.
 */
public final class RecordingContext {
    private static final ThreadLocal<Snapshot> CURRENT = new ThreadLocal<>();

    private RecordingContext() {
    }

    /** The identity current on this thread, or {@code null}. */
    public static Identity currentIdentity() {
        Snapshot s = CURRENT.get();
        return s == null ? null : s.identity;
    }

    /** Internal: the session scope current on this thread, or {@code null}. */
    public static SessionScope currentScope() {
        Snapshot s = CURRENT.get();
        return s == null ? null : s.scope;
    }

    /** Makes {@code identity} current until the returned scope is closed. Scopes nest. */
    public static Scope with(Identity identity) {
        Snapshot previous = CURRENT.get();
        return install(new Snapshot(identity, previous == null ? null : previous.scope), previous, null);
    }

    /**
     * Opens an explicit session scope named {@code name}: until the returned scope is closed, the
     * JDBC and Kafka events of this thread (and of tasks wrapped here) go into one session per
     * Recorder, with source {@code scope}; closing the scope ends those sessions.
     */
    public static Scope session(String name) {
        Snapshot previous = CURRENT.get();
        SessionScope scope = new SessionScope(name);
        return install(new Snapshot(previous == null ? null : previous.identity, scope), previous, scope);
    }

    private static Scope install(Snapshot next, Snapshot previous, SessionScope owned) {
        CURRENT.set(next);
        return new Scope(previous, owned);
    }

    /** What is current now, to re-install on another thread. */
    public static Snapshot capture() {
        Snapshot s = CURRENT.get();
        return s == null ? Snapshot.EMPTY : s;
    }

    /** {@code task} run with the context current at wrap time. */
    public static Runnable wrap(Runnable task) {
        Snapshot s = capture();
        return () -> {
            try (Scope ignored = s.attach()) {
                task.run();
            }
        };
    }

    /** {@code task} called with the context current at wrap time. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Snapshot s = capture();
        return () -> {
            try (Scope ignored = s.attach()) {
                return task.call();
            }
        };
    }

    /** An executor that runs each task with the context current when it was submitted. */
    public static Executor wrap(Executor executor) {
        return task -> executor.execute(wrap(task));
    }

    /** An executor service that runs each task with the context current when it was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return new ContextExecutorService(executor);
    }

    /** Restores what was current before; closing twice does nothing. */
    public static final class Scope implements AutoCloseable {
        private final Snapshot previous;
        private final SessionScope owned;
        private boolean closed;

        private Scope(Snapshot previous, SessionScope owned) {
            this.previous = previous;
            this.owned = owned;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (owned != null) {
                owned.close();
            }
        }
    }

    /** An immutable capture of a thread's context. */
    public static final class Snapshot {
        static final Snapshot EMPTY = new Snapshot(null, null);
        private final Identity identity;
        private final SessionScope scope;

        private Snapshot(Identity identity, SessionScope scope) {
            this.identity = identity;
            this.scope = scope;
        }

        /** Makes this context current on the calling thread until the scope is closed. */
        public Scope attach() {
            Snapshot previous = CURRENT.get();
            CURRENT.set(this == EMPTY ? null : this);
            return new Scope(previous, null);
        }
    }

    private static final class ContextExecutorService extends AbstractExecutorService {
        private final ExecutorService delegate;

        ContextExecutorService(ExecutorService delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }

        @Override
        public void shutdown() {
            delegate.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return delegate.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return delegate.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return delegate.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return delegate.awaitTermination(timeout, unit);
        }
    }
}
