package dev.witness.jdbc.internal;

import java.sql.CallableStatement;
import java.sql.SQLException;

/**
 * A CallableStatement that records named parameters, OUT registrations (recorded as parameters
 * typed {@code OUT <type>} or {@code INOUT <type>}) and the OUT values the application reads
 * (recorded as a one-row result whose columns are the parameter names or {@code #index}).
 */
public final class RecordingCallableStatement extends ForwardingCallableStatement {

    public RecordingCallableStatement(CallableStatement delegate, StatementCapture capture) {
        super(delegate, capture);
    }

    @Override
    protected void registeredOut(int parameterIndex, int sqlType, Object extra) {
        try {
            capture.parameters().registerOut(parameterIndex, sqlType);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    @Override
    protected void registeredOut(String parameterName, int sqlType, Object extra) {
        try {
            capture.parameters().registerOut(parameterName, sqlType);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }

    @Override
    protected boolean recordsOutReads() {
        return capture.recordsOutValues();
    }

    @Override
    protected void readOut(int parameterIndex, Object value, boolean primitive) {
        readOut("#" + parameterIndex, value, primitive);
    }

    @Override
    protected void readOut(String parameterName, Object value, boolean primitive) {
        try {
            Object v = value;
            if (primitive) {
                try {
                    if (delegate.wasNull()) {
                        v = null;
                    }
                } catch (SQLException e) {
                    v = value;
                }
            }
            capture.readOut(parameterName, v);
        } catch (RuntimeException e) {
            CaptureFailures.failed(e);
        }
    }
}
