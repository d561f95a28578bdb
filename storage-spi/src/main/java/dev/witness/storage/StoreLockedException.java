package dev.witness.storage;

/** Another process (or another open store in this process) already owns the store's location. */
public class StoreLockedException extends StoreException {
    public StoreLockedException(String message) {
        super(message);
    }
}
