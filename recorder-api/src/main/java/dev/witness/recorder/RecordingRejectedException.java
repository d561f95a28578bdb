package dev.witness.recorder;

/**
 * Thrown to the caller when {@code witness.backpressure=fail} and the Recorder's queue is full:
 * the call is refused so that it does not run unrecorded. Interceptors translate it into the
 * client's own error type (a {@code SQLException} for JDBC).
 */
public class RecordingRejectedException extends RuntimeException {
    public RecordingRejectedException(String message) {
        super(message);
    }
}
