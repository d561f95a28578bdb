package dev.witness.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The driver's metadata, except that {@link #getConnection()} returns the recording connection.
 * Metadata calls are not recorded (they are the driver's own queries, not the application's).
 */
public final class RecordingDatabaseMetaData extends ForwardingDatabaseMetaData {
    private final Connection connection;

    RecordingDatabaseMetaData(DatabaseMetaData delegate, Connection connection) {
        super(delegate);
        this.connection = connection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        delegate.getConnection();
        return connection;
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
