package dev.witness.jdbc.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A ResultSet that tells its {@link ResultCapture} where the application's cursor went and which
 * values it read. It moves the cursor only when the application does, with the driver's own
 * answer, so scrollability, updatability, holdability and fetch size are the driver's.
 */
public final class RecordingResultSet extends ForwardingResultSet {
    private final Statement statement;
    private final ResultCapture capture;

    RecordingResultSet(ResultSet delegate, Statement statement, ResultCapture capture) {
        super(delegate);
        this.statement = statement;
        this.capture = capture;
    }

    private boolean moved(boolean onRow) {
        try {
            capture.moved(onRow, delegate);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
        return onRow;
    }

    @Override
    public boolean next() throws SQLException {
        boolean onRow = delegate.next();
        moved(onRow);
        if (!onRow) {
            capture.exhausted(delegate);
        }
        return onRow;
    }

    @Override
    public boolean previous() throws SQLException {
        return moved(delegate.previous());
    }

    @Override
    public boolean first() throws SQLException {
        return moved(delegate.first());
    }

    @Override
    public boolean last() throws SQLException {
        return moved(delegate.last());
    }

    @Override
    public boolean absolute(int row) throws SQLException {
        return moved(delegate.absolute(row));
    }

    @Override
    public boolean relative(int rows) throws SQLException {
        return moved(delegate.relative(rows));
    }

    @Override
    public void beforeFirst() throws SQLException {
        delegate.beforeFirst();
        moved(false);
    }

    @Override
    public void afterLast() throws SQLException {
        delegate.afterLast();
        moved(false);
    }

    @Override
    protected boolean recordsReads() {
        return capture.recordsValues();
    }

    @Override
    protected void read(int columnIndex, Object value, boolean primitive) {
        if (capture.recordsValues()) {
            try {
                capture.read(columnIndex, value, primitive, delegate);
            } catch (RuntimeException e) {
                CaptureFailures.failed(e);
            }
        }
    }

    @Override
    protected void read(String columnLabel, Object value, boolean primitive) {
        if (capture.recordsValues()) {
            try {
                capture.read(columnLabel, value, primitive, delegate);
            } catch (RuntimeException e) {
                CaptureFailures.failed(e);
            }
        }
    }

    @Override
    public Statement getStatement() throws SQLException {
        Statement raw = delegate.getStatement(); // the driver's checks stay in force
        return raw == null ? null : statement;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } finally {
            capture.finish();
        }
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Wrappers.unwrap(this, delegate, iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Wrappers.isWrapperFor(this, delegate, iface);
    }
}
