package dev.witness.jdbc.internal;

import dev.witness.guardrails.SessionGuard;
import dev.witness.jdbc.WitnessRejectedSQLException;
import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.RecordingRejectedException;
import dev.witness.recorder.RecordingSession;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Failure;
import dev.witness.recorder.event.Transaction;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Capture for one connection lease, which is one recording session (unless a RecordingContext
 * scope groups more): transactions, failures of connection calls, and the one place where events
 * are handed to the Recorder.
 *
 * <p>Every event leaves through {@link #record} or {@link #gate}. {@code record} never throws:
 * capture failures are counted and logged once ({@link CaptureFailures}). {@code gate} is used
 * only before the driver runs a call and only under {@code witness.backpressure=fail}: a full
 * queue then refuses the call with {@link WitnessRejectedSQLException}, the one exception Witness
 * adds. Events after a call has run never refuse it: it cannot be undone.
 *
 * <p>Threading: the application's thread only; events carry references and the identity read at
 * capture time, and become text on the writer thread.
 */
public final class ConnectionCapture {
    private static final AtomicLong CALLS = new AtomicLong();

    final RecordingSession session;
    final JdbcSettings settings;
    final ValueText text;
    /** The guardrails policy for this session, or {@code null}: checked before each statement runs. */
    final SessionGuard guard;
    /** The wrapper the application holds, returned by getConnection() of statements and metadata. */
    RecordingConnection wrapper;

    public ConnectionCapture(RecordingSession session, JdbcSettings settings) {
        this(session, settings, null);
    }

    /** @param guard the guardrails of this session, or {@code null} when no policy applies (no cost then) */
    public ConnectionCapture(RecordingSession session, JdbcSettings settings, SessionGuard guard) {
        this.session = session;
        this.settings = settings;
        this.text = new ValueText(settings);
        this.guard = guard;
    }

    private final ResultColumns.Cache resultColumns = new ResultColumns.Cache();

    /** The columns of a result of {@code sql} (which may be null), from the cache when the metadata still matches. */
    ResultColumns columns(String sql, java.sql.ResultSetMetaData md) throws SQLException {
        return resultColumns.columns(sql, md);
    }

    /** The event this connection handed to the Recorder last (a result may join only that one). */
    private DeferredEvent lastRecorded;

    boolean isLastRecorded(DeferredEvent event) {
        return lastRecorded == event;
    }

    /** A call id, unique in the JVM, so calls of connections sharing a scoped session never collide. */
    static long nextCall() {
        return CALLS.incrementAndGet();
    }

    /**
     * Arrays made by {@code createArrayOf} on this connection, with a copy of their elements: a
     * {@code java.sql.Array} bound later is recorded with its values without asking the driver
     * (which may need a round trip). Weak: an array the application dropped is forgotten.
     */
    private final java.util.Map<java.sql.Array, CreatedArray> arrays =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** An array's SQL element type and elements, as given to createArrayOf. */
    record CreatedArray(String typeName, Object[] elements) {
    }

    void arrayCreated(java.sql.Array array, String typeName, Object[] elements) {
        if (array != null) {
            arrays.put(array, new CreatedArray(typeName, elements == null ? null : elements.clone()));
        }
    }

    /** What to record for a bound {@code java.sql.Array}: its elements if this connection made it. */
    Object arrayValue(java.sql.Array array) {
        CreatedArray created = arrays.get(array);
        return created != null ? created : array;
    }

    /** Hands an event to the Recorder; never throws. */
    void record(DeferredEvent event) {
        lastRecorded = event;
        try {
            session.record(event);
        } catch (RecordingRejectedException e) {
            CaptureFailures.rejectedAfterCall(e);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    /** Records before the driver runs a call; under backpressure=fail a full queue refuses the call. */
    void gate(DeferredEvent event) throws SQLException {
        lastRecorded = event;
        try {
            session.record(event);
        } catch (RecordingRejectedException e) {
            throw new WitnessRejectedSQLException(e);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    boolean gateBeforeCall() {
        return settings.gateBeforeCall();
    }

    /** Records a failure returned to the application; never throws. */
    void failure(long call, Identity identity, long micros, Throwable t) {
        try {
            String cls = t.getClass().getName();
            String state = t instanceof SQLException s ? s.getSQLState() : null;
            int vendor = t instanceof SQLException s ? s.getErrorCode() : 0;
            String message = t.getMessage();
            record(() -> new Failure(micros, identity, call, cls, state, vendor, message));
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    // ---- transactions: begin() records before the driver call under the fail policy, done() after it otherwise

    /** Before a transaction call; under the fail policy records it now (and may refuse it). */
    void transactionBefore(String action, String name) throws SQLException {
        if (settings.gateBeforeCall()) {
            Identity id = RecordingContext.currentIdentity();
            long micros = WitnessClock.nowMicros();
            gate(() -> new Transaction(micros, id, action, name));
        }
    }

    /** After a transaction call succeeded; records it unless it was recorded before. */
    void transactionDone(String action, String name) {
        if (!settings.gateBeforeCall()) {
            Identity id = RecordingContext.currentIdentity();
            long micros = WitnessClock.nowMicros();
            record(() -> new Transaction(micros, id, action, name));
        }
    }

    void transactionFailed(Throwable t) {
        failure(0, RecordingContext.currentIdentity(), WitnessClock.nowMicros(), t);
    }

    /** The action recorded when autocommit goes from {@code was} to {@code now}, or {@code null}. */
    static String autoCommitAction(Boolean was, boolean now) {
        if (was == null || was == now) {
            return was == null && !now ? "begin" : null;
        }
        return now ? "commit" : "begin";
    }

    static String savepointName(Savepoint sp) {
        if (sp == null) {
            return null;
        }
        try {
            return sp.getSavepointName();
        } catch (SQLException | RuntimeException named) {
            try {
                return Integer.toString(sp.getSavepointId());
            } catch (SQLException | RuntimeException e) {
                return null;
            }
        }
    }

    static String isolationName(int level) {
        switch (level) {
            case Connection.TRANSACTION_NONE: return "NONE";
            case Connection.TRANSACTION_READ_UNCOMMITTED: return "READ_UNCOMMITTED";
            case Connection.TRANSACTION_READ_COMMITTED: return "READ_COMMITTED";
            case Connection.TRANSACTION_REPEATABLE_READ: return "REPEATABLE_READ";
            case Connection.TRANSACTION_SERIALIZABLE: return "SERIALIZABLE";
            default: return Integer.toString(level);
        }
    }

    /** Ends the session (idempotent); never throws. */
    void closed() {
        try {
            session.close();
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }
}
