package dev.witness.jdbc.internal;

import dev.witness.guardrails.Guard;
import dev.witness.guardrails.Verdict;
import dev.witness.jdbc.WitnessDeniedSQLException;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Column;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.UpdateCount;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything recorded about one Statement, PreparedStatement or CallableStatement: its
 * executions (statement, parameters, update counts, failures, warnings, timing), its batches,
 * and the result sets it hands out. This class is the statement side of capture; the
 * Recording*Statement classes only call it around the forwarded driver calls.
 *
 * <p>One execution = one call id. Its events, in order: {@code statement} (under backpressure
 * {@code fail} recorded before the driver runs, with duration -1; otherwise after, with the
 * driver's duration), {@code parameters}, then {@code update_count} and/or {@code error}, then a
 * {@code result} per result set when the application is done with it. Under {@code fail}, the
 * duration is bounded by the timestamps of the statement event and of the outcome event.
 *
 * <p>When generated keys were asked for, the update count waits for the keys the application
 * reads (or for the next execution / close) so that one event carries both.
 *
 * <p>Threading: the statement's thread, like the statement; not thread-safe.
 */
public final class StatementCapture {
    final ConnectionCapture connection;
    private final String preparedSql;
    private final ParameterCapture parameters;
    private final int preparedHint;
    private final boolean wantsKeys;

    private List<List<ParameterCapture.Slot>> batchSets;
    private List<String> batchSql;

    // the current execution
    private long call;
    private Identity identity;
    private long startMicros;
    private long startNanos;
    private int hint;
    private String sql;
    private boolean keysThisCall;

    private final List<ResultCapture> openResults = new ArrayList<>(1);
    /** The current execution's event, until its first result set is handed out. */
    private ExecutionEvent execution;
    private List<Long> pendingCounts;
    private long pendingMicros;
    private List<Object> outValues;
    private List<String> outLabels;
    private SQLWarning lastWarning;
    private int updateCountsSeen;

    /**
     * @param preparedSql  the SQL of a prepared or callable statement, or {@code null} for a plain one
     * @param callable     true for a CallableStatement
     * @param wantsKeys    true if the statement was prepared to return generated keys
     */
    StatementCapture(ConnectionCapture connection, String preparedSql, boolean callable, boolean wantsKeys) {
        this.connection = connection;
        this.preparedSql = preparedSql;
        this.parameters = preparedSql != null ? new ParameterCapture() : null;
        this.preparedHint = callable ? SqlKinds.CALL : SqlKinds.BY_TEXT;
        this.wantsKeys = wantsKeys;
    }

    ParameterCapture parameters() {
        return parameters;
    }

    String preparedSql() {
        return preparedSql;
    }

    /** The SQL of the current execution. */
    String currentSql() {
        return sql;
    }

    int preparedHint(int methodHint) {
        return preparedHint == SqlKinds.CALL ? SqlKinds.CALL : methodHint;
    }

    // ---------------------------------------------------------------- executions

    /** Before the driver runs {@code sql}; under the fail policy records the statement now and may refuse. */
    void start(int methodHint, String sql, boolean keys) throws SQLException {
        finishPrevious();
        this.execution = null;
        this.call = ConnectionCapture.nextCall();
        this.identity = RecordingContext.currentIdentity();
        this.startMicros = WitnessClock.nowMicros();
        this.hint = methodHint;
        this.sql = sql;
        this.keysThisCall = keys || wantsKeys;
        this.updateCountsSeen = 0;
        if (connection.guard != null) {
            guard();
        }
        if (connection.gateBeforeCall()) {
            connection.gate(statementEvent(-1));
        }
        this.startNanos = System.nanoTime();
    }

    /**
     * Asks the guardrails before the driver sees the statement (a Statement batch: each of its
     * SQL strings). A refused statement is recorded (duration -1) with its approval and denial
     * events, and the application gets {@link WitnessDeniedSQLException}; an approved one records
     * its approval and runs once.
     */
    private void guard() throws SQLException {
        Verdict v;
        try {
            v = hint == SqlKinds.BATCH && preparedSql == null
                    ? connection.guard.checkSql(identity, batchSql == null ? List.of() : batchSql)
                    : connection.guard.checkSql(identity, sql);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
            throw new WitnessDeniedSQLException(Guard.DEFAULT_RULE, "Witness guardrails: the policy check failed ("
                    + e.getClass().getSimpleName() + "); denied (fail closed)");
        }
        if (v == Verdict.ALLOWED) {
            return;
        }
        if (!v.allowed()) {
            connection.record(statementEvent(-1));
        }
        for (dev.witness.recorder.event.Event e : v.events(call, identity)) {
            connection.record(() -> e);
        }
        if (!v.allowed()) {
            throw new WitnessDeniedSQLException(v.rule(), v.message());
        }
    }

    /** Before a SQL string joins a Statement batch: a deny rule refuses it at once (approval waits for the execution). */
    void screenBatchEntry(String batchEntrySql) throws SQLException {
        if (connection.guard == null) {
            return;
        }
        Identity id = RecordingContext.currentIdentity();
        Verdict v;
        try {
            v = connection.guard.screenSql(id, batchEntrySql);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
            throw new WitnessDeniedSQLException(Guard.DEFAULT_RULE, "Witness guardrails: the policy check failed ("
                    + e.getClass().getSimpleName() + "); denied (fail closed)");
        }
        if (!v.allowed()) {
            long c = ConnectionCapture.nextCall();
            long micros = WitnessClock.nowMicros();
            connection.record(() -> new Statement(micros, id, c, SqlKinds.name(SqlKinds.BATCH, batchEntrySql),
                    batchEntrySql, -1));
            for (dev.witness.recorder.event.Event e : v.events(c, id)) {
                connection.record(() -> e);
            }
            throw new WitnessDeniedSQLException(v.rule(), v.message());
        }
    }

    /** After the driver ran the call without error. */
    void executed(SQLWarning warnings) {
        executed(warnings, null);
    }

    /** As {@link #executed(SQLWarning)}, with update counts that belong on the statement's line, or {@code null}. */
    private void executed(SQLWarning warnings, List<Long> counts) {
        long duration = System.nanoTime() - startNanos;
        try {
            recordStatementAndParameters(duration, counts);
            warnings(warnings);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    /** After executeUpdate / executeLargeUpdate succeeded. */
    void updated(long count, SQLWarning warnings) {
        updateCountsSeen = 1;
        if (keysThisCall || connection.gateBeforeCall()) {
            executed(warnings);
            counts(List.of(count));
        } else {
            executed(warnings, List.of(count));
        }
    }

    /** After executeBatch succeeded; the counts become a list on the writer. */
    void batched(int[] counts, SQLWarning warnings) {
        int[] copy = counts == null ? new int[0] : counts.clone(); // the application owns the array
        batched(new LazyCounts(copy, null), warnings);
    }

    /** After executeLargeBatch succeeded. */
    void batched(long[] counts, SQLWarning warnings) {
        long[] copy = counts == null ? new long[0] : counts.clone();
        batched(new LazyCounts(null, copy), warnings);
    }

    private void batched(List<Long> counts, SQLWarning warnings) {
        if (keysThisCall || connection.gateBeforeCall()) {
            executed(warnings);
            counts(counts);
        } else {
            executed(warnings, counts);
        }
    }

    /**
     * Batch counts as the driver returned them (a copy), turned into a list only when read, which
     * is on the writer thread: a 10,000-entry batch costs the caller one array copy.
     */
    private static final class LazyCounts extends java.util.AbstractList<Long> implements java.util.RandomAccess {
        private final int[] ints;
        private final long[] longs;

        LazyCounts(int[] ints, long[] longs) {
            this.ints = ints;
            this.longs = longs;
        }

        @Override
        public Long get(int index) {
            return ints != null ? (long) ints[index] : longs[index];
        }

        @Override
        public int size() {
            return ints != null ? ints.length : longs.length;
        }
    }

    /** After the driver threw {@code t} (which the caller rethrows unchanged). */
    void failed(Throwable t) {
        long duration = System.nanoTime() - startNanos;
        try {
            recordStatementAndParameters(duration, null);
            if (t instanceof BatchUpdateException b) {
                long[] large = b.getLargeUpdateCounts();
                int[] small = b.getUpdateCounts();
                List<Long> counts = large != null ? new LazyCounts(null, large.clone())
                        : new LazyCounts(small == null ? new int[0] : small.clone(), null);
                long micros = WitnessClock.nowMicros();
                long c = call;
                Identity id = identity;
                connection.record(() -> new UpdateCount(micros, id, c, counts, List.of()));
            }
            connection.failure(call, identity, WitnessClock.nowMicros(), t);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
        clearBatch();
    }

    /**
     * Records the execution: under backpressure {@code fail} the statement was recorded before the
     * call, so the parameters and counts follow as their own events; otherwise one
     * {@link ExecutionEvent} carries them all, and the first result may join it.
     */
    private void recordStatementAndParameters(long duration, List<Long> counts) {
        List<List<ParameterCapture.Slot>> sets = null;
        if (hint == SqlKinds.BATCH) {
            if (batchSets != null && !batchSets.isEmpty()) {
                sets = new ArrayList<>(batchSets.size());
                for (List<ParameterCapture.Slot> s : batchSets) {
                    sets.add(ParameterCapture.seal(s));
                }
            }
        } else if (parameters != null && !parameters.isEmpty()) {
            sets = List.of(ParameterCapture.seal(parameters.snapshot()));
        }
        if (!connection.gateBeforeCall()) {
            List<String> statements = batchStatements();
            clearBatch();
            ExecutionEvent e = new ExecutionEvent(startMicros, identity, call, hint, sql, statements, duration, sets,
                    counts, connection.text);
            connection.record(e);
            execution = e;
            return;
        }
        if (hint == SqlKinds.BATCH) {
            clearBatch();
        }
        if (sets != null) {
            List<List<ParameterCapture.Slot>> finalSets = sets;
            long micros = startMicros;
            long c = call;
            Identity id = identity;
            String s = sql;
            ValueText text = connection.text;
            connection.record(() -> {
                List<List<Parameter>> out = new ArrayList<>(finalSets.size());
                for (List<ParameterCapture.Slot> set : finalSets) {
                    out.add(text.parameters(s, set));
                }
                return new Parameters(micros, id, c, out);
            });
        }
        if (counts != null) {
            counts(counts);
        }
    }

    /** The statement alone (guardrails' refusals, the fail policy's gate): an execution line without outcome. */
    private ExecutionEvent statementEvent(long duration) {
        return new ExecutionEvent(startMicros, identity, call, hint, sql, batchStatements(), duration, null, null,
                connection.text);
    }

    /** The SQL strings of a Statement (not Prepared) batch, or {@code null}. */
    private List<String> batchStatements() {
        return hint == SqlKinds.BATCH && preparedSql == null ? batchSql : null;
    }

    private void counts(List<Long> counts) {
        try {
            if (keysThisCall) {
                pendingCounts = counts;
                pendingMicros = WitnessClock.nowMicros();
                return;
            }
            long micros = WitnessClock.nowMicros();
            long c = call;
            Identity id = identity;
            connection.record(() -> new UpdateCount(micros, id, c, counts, List.of()));
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    /** The application read an update count through getUpdateCount() / getLargeUpdateCount(). */
    void updateCountSeen(long count) {
        if (count < 0 || updateCountsSeen > 0 || call == 0) {
            return;
        }
        updateCountsSeen++;
        counts(List.of(count));
    }

    /** getMoreResults moved on: a later update count is a new one. */
    void moreResults(int current) {
        if (current != java.sql.Statement.KEEP_CURRENT_RESULT) {
            finishResults();
        }
        updateCountsSeen = 0;
    }

    /** The keys the application read from getGeneratedKeys(), recorded with the pending update count. */
    void keysRead(List<Object> values) {
        List<Long> counts = pendingCounts;
        if (counts == null && values.isEmpty()) {
            return; // keys asked for again, nothing new read: the count is already recorded
        }
        pendingCounts = null;
        long micros = counts != null ? pendingMicros : WitnessClock.nowMicros();
        long c = call;
        Identity id = identity;
        ValueText text = connection.text;
        List<Long> finalCounts = counts != null ? counts : List.of();
        connection.record(() -> {
            List<String> keys = new ArrayList<>(values.size());
            for (Object v : values) {
                keys.add(text.text(v, null));
            }
            return new UpdateCount(micros, id, c, finalCounts, keys);
        });
    }

    private void flushPendingCounts() {
        if (pendingCounts != null) {
            List<Long> counts = pendingCounts;
            pendingCounts = null;
            long micros = pendingMicros;
            long c = call;
            Identity id = identity;
            connection.record(() -> new UpdateCount(micros, id, c, counts, List.of()));
        }
    }

    private void warnings(SQLWarning w) {
        if (w == null) {
            lastWarning = null;
            return;
        }
        SQLWarning first = w;
        if (lastWarning != null) {
            // drivers append to the chain until clearWarnings(): record only what is new
            SQLWarning x = w;
            while (x != null && x != lastWarning) x = x.getNextWarning();
            if (x == lastWarning) {
                first = lastWarning.getNextWarning();
            }
        }
        for (SQLWarning x = first; x != null; x = x.getNextWarning()) {
            connection.failure(call, identity, WitnessClock.nowMicros(), x);
            lastWarning = x;
        }
    }

    // ---------------------------------------------------------------- batches

    void addBatch() {
        if (parameters == null) {
            return;
        }
        if (batchSets == null) {
            batchSets = new ArrayList<>();
        }
        batchSets.add(parameters.snapshot());
    }

    void addBatch(String batchEntrySql) {
        if (batchSql == null) {
            batchSql = new ArrayList<>();
        }
        batchSql.add(batchEntrySql);
    }

    void clearBatch() {
        batchSets = null;
        batchSql = null;
    }

    // ---------------------------------------------------------------- results

    ResultCapture newResult(boolean keys) {
        ExecutionEvent foldInto = keys ? null : execution;
        if (!keys) {
            execution = null; // only the first result may join the statement's line
        }
        ResultCapture r = new ResultCapture(this, call, identity, keys, foldInto);
        openResults.add(r);
        return r;
    }

    void resultFinished(ResultCapture r) {
        openResults.remove(r);
    }

    boolean recordsOutValues() {
        return connection.settings.results() != dev.witness.jdbc.ResultsMode.NONE;
    }

    void readOut(String label, Object value) {
        if (outValues == null) {
            outValues = new ArrayList<>(4);
            outLabels = new ArrayList<>(4);
        }
        outLabels.add(label);
        outValues.add(ResultCapture.copyIfMutable(value));
    }

    private void flushOutValues() {
        if (outValues == null || outValues.isEmpty()) {
            return;
        }
        List<String> labels = outLabels;
        List<Object> values = outValues;
        outLabels = null;
        outValues = null;
        long micros = WitnessClock.nowMicros();
        long c = call;
        Identity id = identity;
        ValueText text = connection.text;
        connection.record(() -> {
            List<Column> columns = new ArrayList<>(labels.size());
            List<String> row = new ArrayList<>(values.size());
            boolean cut = false;
            for (int i = 0; i < labels.size(); i++) {
                columns.add(new Column(labels.get(i), null, "OUT"));
                String t = text.text(values.get(i), null);
                cut |= t != null && t.endsWith(ValueText.CUT_MARKER);
                row.add(t);
            }
            List<List<String>> rows = new ArrayList<>(1);
            rows.add(row);
            return new Result(micros, id, c, columns, rows, 1, cut);
        });
    }

    private void finishResults() {
        for (int i = openResults.size() - 1; i >= 0; i--) {
            openResults.get(i).finish();
        }
        openResults.clear();
    }

    /** Ends what the previous execution left open: its result sets, a pending update count, OUT values. */
    private void finishPrevious() {
        try {
            finishResults();
            flushPendingCounts();
            flushOutValues();
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    /** The statement was closed (by the application or with its connection). */
    void closed() {
        finishPrevious();
    }
}
