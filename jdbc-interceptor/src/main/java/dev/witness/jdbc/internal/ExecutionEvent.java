package dev.witness.jdbc.internal;

import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.UpdateCount;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * One execution recorded as one {@code statement} line: the statement, its parameters, its update
 * counts, and, if the application finished reading before the writer took it, its result.
 *
 * <p>Why: the writer's cost is mostly per line (framing, hash chain, store), and a point select
 * used to cost three lines. The statement still enters the queue as soon as the driver returns,
 * so nothing waits for the application to finish reading; the result joins it only while it is
 * still queued ({@link #attach}), which under load, when it matters, is the common case. Once the
 * writer has taken the statement, or if the Recorder did not take it, the result is recorded as
 * its own event, as before.
 *
 * <p>The two threads meet on one compare-and-set of {@link #state}: the caller's
 * {@code OPEN -> ATTACHED} in {@link #attach} against the writer's {@code OPEN -> TAKEN} in
 * {@link #toEvent}, so a result is either on this line or on its own, never both or neither.
 */
final class ExecutionEvent implements DeferredEvent {
    private static final int OPEN = 0;
    private static final int TAKEN = 1;
    private static final int ATTACHED = 2;
    private static final int NOT_QUEUED = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ExecutionEvent.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long micros;
    private final Identity identity;
    private final long call;
    private final int hint;
    private final String sql;
    private final List<String> batchSql;
    private final long durationNanos;
    private final List<List<ParameterCapture.Slot>> sets;
    private final List<Long> counts;
    private final ValueText text;
    @SuppressWarnings("unused") // through STATE
    private volatile int state;
    /** Written before the compare-and-set that publishes it. */
    private DeferredEvent result;

    /**
     * @param sets     sealed parameter sets, or {@code null}
     * @param counts   the update counts, or {@code null} when none belong on this line
     * @param batchSql the SQL strings of a Statement batch, or {@code null}
     */
    ExecutionEvent(long micros, Identity identity, long call, int hint, String sql, List<String> batchSql,
                   long durationNanos, List<List<ParameterCapture.Slot>> sets, List<Long> counts, ValueText text) {
        this.micros = micros;
        this.identity = identity;
        this.call = call;
        this.hint = hint;
        this.sql = sql;
        this.batchSql = batchSql;
        this.durationNanos = durationNanos;
        this.sets = sets;
        this.counts = counts;
        this.text = text;
    }

    /** Puts the result on this line if the writer has not taken it yet; false: record it separately. */
    boolean attach(DeferredEvent resultEvent) {
        this.result = resultEvent;
        return STATE.compareAndSet(this, OPEN, ATTACHED);
    }

    @Override
    public void notQueued() {
        STATE.compareAndSet(this, OPEN, NOT_QUEUED);
    }

    @Override
    public Event toEvent() {
        Result r = null;
        if (!STATE.compareAndSet(this, OPEN, TAKEN) && (int) STATE.getVolatile(this) == ATTACHED) {
            r = (Result) result.toEvent();
        }
        List<List<Parameter>> parameters = List.of();
        if (sets != null && !sets.isEmpty()) {
            parameters = new ArrayList<>(sets.size());
            for (List<ParameterCapture.Slot> set : sets) {
                parameters.add(text.parameters(sql, set));
            }
        }
        String shown = batchSql != null ? String.join(";\n", batchSql) : sql;
        UpdateCount u = counts == null ? null : new UpdateCount(micros, identity, call, counts, List.of());
        return new Statement(micros, identity, call, SqlKinds.name(hint, sql), shown, durationNanos, parameters, u, r);
    }
}
