package dev.witness.storage;

/** The store holds no session with the given id. */
public class NoSuchSessionException extends StoreException {
    private final String sessionId;

    public NoSuchSessionException(String sessionId) {
        super("no such session: " + sessionId);
        this.sessionId = sessionId;
    }

    public String sessionId() {
        return sessionId;
    }
}
