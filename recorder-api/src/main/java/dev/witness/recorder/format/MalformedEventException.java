package dev.witness.recorder.format;

/** A stored line is not a valid event of the format; the message says what is wrong. */
public class MalformedEventException extends RuntimeException {
    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
