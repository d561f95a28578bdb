package dev.witness.storage.s3;

import dev.witness.storage.StoreException;
import java.util.Collection;
import java.util.Set;

/**
 * A purge was refused because S3 Object Lock still protects some of the sessions (or will, once
 * they are uploaded). The message names them and until when; {@link #sessionIds()} lists them.
 */
public class ObjectLockedException extends StoreException {
    private final Set<String> sessionIds;

    public ObjectLockedException(String message, Collection<String> sessionIds) {
        super(message);
        this.sessionIds = Set.copyOf(sessionIds);
    }

    /** The protected sessions. */
    public Set<String> sessionIds() {
        return sessionIds;
    }
}
