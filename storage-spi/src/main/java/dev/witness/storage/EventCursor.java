package dev.witness.storage;

import java.io.Closeable;
import java.util.Iterator;

/**
 * The events of one session in append order. Lazily reads from the store; close it when done.
 * {@link #next()} may throw {@link StoreException} if the underlying data cannot be read.
 */
public interface EventCursor extends Iterator<EncodedEvent>, Closeable {
    @Override
    void close();
}
