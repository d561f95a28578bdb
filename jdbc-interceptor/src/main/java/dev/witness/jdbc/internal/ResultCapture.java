package dev.witness.jdbc.internal;

import dev.witness.jdbc.ResultsMode;
import dev.witness.recorder.DeferredEvent;
import dev.witness.recorder.Identity;
import dev.witness.recorder.WitnessClock;
import dev.witness.recorder.event.Column;
import dev.witness.recorder.event.Result;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the application read from one result set: how many rows it moved onto, and in
 * {@code rows} mode the values it read with the getters, row by row, up to
 * {@code witness.jdbc.results.maxRows}. Nothing is read that the application did not ask for:
 * no pre-fetching, no extra column reads, no cursor moves; a column the application did not
 * read in a row is recorded as the marker {@value #NOT_READ} (never as {@code null}, which means
 * SQL NULL: an auditor must not be told the application saw a NULL it never looked at). Column labels and types are taken from the
 * result set's metadata when the first row is reached (rows mode only).
 *
 * <p>The {@code result} event is recorded once, when the application is done: a forward-only
 * result set's {@code next()} returned false, or it was closed, or its statement moved on
 * (re-executed, getMoreResults, closed). For generated keys the values read go to the pending
 * update count instead.
 *
 * <p>Threading: the statement's thread; not thread-safe.
 */
final class ResultCapture {
    private final StatementCapture statement;
    private final long call;
    private final Identity identity;
    private final boolean keys;
    private final ResultsMode mode;
    private final int maxRows;

    private long rowCount;
    private boolean truncated;
    private boolean finished;
    private List<Column> columns;
    private String[] lowerLabels;
    private List<Object[]> rows;
    /** The kept row the cursor is on, or null (before the first row, past maxRows, count mode). */
    private Object[] current;
    private List<Object> keyValues;

    /** The statement's line this result may join, or {@code null}. */
    private final ExecutionEvent foldInto;

    ResultCapture(StatementCapture statement, long call, Identity identity, boolean keys, ExecutionEvent foldInto) {
        this.statement = statement;
        this.foldInto = foldInto;
        this.call = call;
        this.identity = identity;
        this.keys = keys;
        this.mode = keys ? ResultsMode.ROWS : statement.connection.settings.results();
        this.maxRows = keys ? Integer.MAX_VALUE : statement.connection.settings.maxRows();
    }

    /** True if the application's reads are wanted now: rows mode, on a row that is kept (or keys). */
    boolean recordsValues() {
        return !finished && (keys ? keyValues != null : current != null);
    }

    /** The cursor moved: {@code onRow} is what the driver answered. */
    void moved(boolean onRow, ResultSet delegate) {
        if (finished || mode == ResultsMode.NONE) {
            return;
        }
        if (!onRow) {
            current = null;
            return;
        }
        rowCount++;
        if (mode != ResultsMode.ROWS) {
            return;
        }
        if (keys) {
            current = null;
            if (keyValues == null) keyValues = new ArrayList<>(2);
            return;
        }
        if (columns == null) {
            readColumns(delegate);
        }
        if (rows.size() < maxRows) {
            current = new Object[columns.size()];
            rows.add(current);
        } else {
            current = null;
            truncated = true;
        }
    }

    /** A forward-only cursor is past its end: the application has seen everything. */
    void exhausted(ResultSet delegate) {
        try {
            if (delegate.getType() == ResultSet.TYPE_FORWARD_ONLY) {
                finish();
            }
        } catch (SQLException | RuntimeException e) {
            // the type is unknown: wait for close
        }
    }

    private void readColumns(ResultSet delegate) {
        rows = new ArrayList<>();
        try {
            ResultSetMetaData md = delegate.getMetaData();
            ResultColumns known = statement.connection.columns(statement.currentSql(), md);
            columns = known.columns();
            lowerLabels = known.lowerLabels();
        } catch (SQLException | RuntimeException e) {
            CaptureFailures.failed(e);
            columns = new ArrayList<>();
            lowerLabels = new String[0];
        }
    }

    /** The application read {@code value} from column {@code index} of the current row. */
    void read(int index, Object value, boolean primitive, ResultSet delegate) {
        if (keys) {
            if (keyValues != null && !finished) {
                keyValues.add(nullAware(value, primitive, delegate));
            }
            return;
        }
        Object[] row = current;
        if (row == null || index < 1 || index > row.length) {
            return;
        }
        Object v = nullAware(value, primitive, delegate);
        row[index - 1] = v == null ? SQL_NULL : v;
    }

    /** The application read {@code value} from the column labelled {@code label}. */
    void read(String label, Object value, boolean primitive, ResultSet delegate) {
        if (keys) {
            read(1, value, primitive, delegate);
            return;
        }
        if (current == null || lowerLabels == null || label == null) {
            return;
        }
        String l = label.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lowerLabels.length; i++) {
            if (lowerLabels[i].equals(l)) {
                read(i + 1, value, primitive, delegate);
                return;
            }
        }
    }

    /** What a column the application did not read in a row is recorded as. */
    static final String NOT_READ = "[not read]";
    /** A read SQL NULL in a kept row; an unread column stays {@code null} in the row array. */
    private static final Object SQL_NULL = new Object();

    private static Object nullAware(Object value, boolean primitive, ResultSet delegate) {
        if (primitive) {
            try {
                if (delegate.wasNull()) {
                    return null;
                }
            } catch (SQLException | RuntimeException e) {
                return value;
            }
        }
        return copyIfMutable(value);
    }

    static Object copyIfMutable(Object value) {
        if (value instanceof byte[] b) {
            return b.clone();
        }
        if (value instanceof java.util.Date d) {
            return d.clone();
        }
        if (value instanceof java.io.InputStream || value instanceof java.io.Reader) {
            return "[STREAM]";
        }
        return value;
    }

    /** Records the result event (once). */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        statement.resultFinished(this);
        try {
            if (keys) {
                statement.keysRead(keyValues == null ? List.of() : keyValues);
                return;
            }
            if (mode == ResultsMode.NONE) {
                return;
            }
            long micros = WitnessClock.nowMicros();
            long count = rowCount;
            boolean cut = truncated;
            List<Column> cols = columns == null ? List.of() : columns;
            List<Object[]> values = rows == null ? List.of() : rows;
            ValueText text = statement.connection.text;
            DeferredEvent result = () -> {
                List<List<String>> out = new ArrayList<>(values.size());
                boolean anyCut = cut;
                for (Object[] row : values) {
                    List<String> r = new ArrayList<>(row.length);
                    for (Object v : row) {
                        if (v == null || v == SQL_NULL) {
                            r.add(v == null ? NOT_READ : null);
                            continue;
                        }
                        String t = text.text(v, null);
                        anyCut |= t != null && t.endsWith(ValueText.CUT_MARKER);
                        r.add(t);
                    }
                    out.add(r);
                }
                return new Result(micros, identity, call, cols, out, count, anyCut);
            };
            // onto the statement's line if nothing else of this connection was recorded since and it is still queued
            if (foldInto == null || !statement.connection.isLastRecorded(foldInto) || !foldInto.attach(result)) {
                statement.connection.record(result);
            }
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }
}
