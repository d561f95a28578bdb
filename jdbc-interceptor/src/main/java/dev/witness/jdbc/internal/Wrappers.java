package dev.witness.jdbc.internal;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * unwrap / isWrapperFor of every wrapper. As the JDBC spec asks, an interface the wrapper itself
 * implements (Connection, Statement, ...) answers with the wrapper, so recording goes on; any
 * other (the driver's classes, PGConnection, a pool's proxy) is asked of the wrapped object, so
 * driver-specific APIs stay reachable.
 */
final class Wrappers {
    private Wrappers() {
    }

    static <T> T unwrap(Object wrapper, Wrapper delegate, Class<T> iface) throws SQLException {
        if (iface != null && iface.isInstance(wrapper)) {
            return iface.cast(wrapper);
        }
        return delegate.unwrap(iface);
    }

    static boolean isWrapperFor(Object wrapper, Wrapper delegate, Class<?> iface) throws SQLException {
        return (iface != null && iface.isInstance(wrapper)) || delegate.isWrapperFor(iface);
    }
}
