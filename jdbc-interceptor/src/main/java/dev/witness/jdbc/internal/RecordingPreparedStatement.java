package dev.witness.jdbc.internal;

import java.io.InputStream;
import java.io.Reader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PreparedStatement that records its executions with their bind parameters. The setters are
 * forwarded by the generated {@link ForwardingPreparedStatement}, which reports each accepted
 * value to {@link #bound}; streams and readers are wrapped ({@link LobDigest}) before the driver
 * gets them, so their length and digest are known without buffering them.
 *
 * @param <S> the driver's statement type
 */
public class RecordingPreparedStatement<S extends PreparedStatement> extends ForwardingPreparedStatement<S> {

    public RecordingPreparedStatement(S delegate, StatementCapture capture) {
        super(delegate, capture);
    }

    @Override
    protected final void bound(int parameterIndex, int sqlType, Object value, Object extra) {
        try {
            Object v = value instanceof java.sql.Array a ? capture.connection.arrayValue(a) : value;
            capture.parameters().set(parameterIndex, sqlType, v, extra);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    @Override
    protected final void bound(String parameterName, int sqlType, Object value, Object extra) {
        try {
            Object v = value instanceof java.sql.Array a ? capture.connection.arrayValue(a) : value;
            capture.parameters().set(parameterName, sqlType, v, extra);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    @Override
    protected final InputStream bindStream(int sqlType, InputStream stream, long length) {
        try {
            return LobDigest.wrap(stream, capture.connection.settings.lobPrefixBytes());
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
            return stream;
        }
    }

    @Override
    protected final Reader bindReader(int sqlType, Reader reader, long length) {
        try {
            return LobDigest.wrap(reader, capture.connection.settings.lobPrefixBytes());
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
            return reader;
        }
    }

    @Override
    protected final void cleared() {
        capture.parameters().clear();
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        capture.start(capture.preparedHint(SqlKinds.QUERY), capture.preparedSql(), false);
        ResultSet rs;
        try {
            rs = delegate.executeQuery();
        } catch (SQLException | RuntimeException e) {
            capture.failed(e);
            throw e;
        }
        capture.executed(warnings());
        return result(rs, false);
    }

    @Override
    public int executeUpdate() throws SQLException {
        capture.start(capture.preparedHint(SqlKinds.UPDATE), capture.preparedSql(), false);
        int n;
        try {
            n = delegate.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            capture.failed(e);
            throw e;
        }
        capture.updated(n, warnings());
        return n;
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        capture.start(capture.preparedHint(SqlKinds.UPDATE), capture.preparedSql(), false);
        long n;
        try {
            n = delegate.executeLargeUpdate();
        } catch (SQLException | RuntimeException e) {
            capture.failed(e);
            throw e;
        }
        capture.updated(n, warnings());
        return n;
    }

    @Override
    public boolean execute() throws SQLException {
        capture.start(capture.preparedHint(SqlKinds.BY_TEXT), capture.preparedSql(), false);
        boolean r;
        try {
            r = delegate.execute();
        } catch (SQLException | RuntimeException e) {
            capture.failed(e);
            throw e;
        }
        capture.executed(warnings());
        return r;
    }

    @Override
    public void addBatch() throws SQLException {
        delegate.addBatch();
        try {
            capture.addBatch();
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }
}
