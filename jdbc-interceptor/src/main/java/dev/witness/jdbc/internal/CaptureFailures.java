package dev.witness.jdbc.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failures inside Witness's own capture code. Recording must never throw into the application
 * (invariant 2), so every capture step runs behind a catch that lands here: counted, and logged
 * once per kind (a broken capture would otherwise log on every statement).
 */
public final class CaptureFailures {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFailures.class);
    private static final LongAdder FAILED = new LongAdder();
    private static final LongAdder REJECTED_AFTER_CALL = new LongAdder();
    private static final AtomicBoolean LOGGED_FAILURE = new AtomicBoolean();
    private static final AtomicBoolean LOGGED_REJECTION = new AtomicBoolean();

    private CaptureFailures() {
    }

    /** A capture step threw: count it, log the first one. */
    public static void failed(Throwable t) {
        FAILED.increment();
        if (LOGGED_FAILURE.compareAndSet(false, true)) {
            LOG.error("Witness: JDBC capture failed; the application's call went on unaffected, this event was not"
                    + " recorded (further capture failures are counted, not logged)", t);
        }
    }

    /**
     * Under backpressure=fail an event after the driver already ran the call was refused: the call
     * cannot be undone, so it is counted here (and in the Recorder's rejected count) and logged once.
     */
    public static void rejectedAfterCall(RuntimeException e) {
        REJECTED_AFTER_CALL.increment();
        if (LOGGED_REJECTION.compareAndSet(false, true)) {
            LOG.warn("Witness: an event following an already executed JDBC call was refused by the full queue"
                    + " (witness.backpressure=fail); the call's outcome is partly unrecorded: {}", e.getMessage());
        }
    }

    /** Capture failures since start. */
    public static long failedCount() {
        return FAILED.sum();
    }

    /** Events refused after their call had run, since start. */
    public static long rejectedAfterCallCount() {
        return REJECTED_AFTER_CALL.sum();
    }
}
