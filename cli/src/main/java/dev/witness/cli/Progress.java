package dev.witness.cli;

import java.io.Console;
import java.io.PrintWriter;

/**
 * Progress of a long scan on stderr, only when a person is watching (a console is attached):
 * piped or captured output never gets carriage-return noise. Redraws at most every 200 ms.
 * Not thread-safe: one scan, one thread.
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final boolean enabled;
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** No progress at all. */
    static Progress none() {
        return new Progress(null, false);
    }

    /** Progress on {@code err} if {@code System.console()} is attached, else a no-op. */
    static Progress onConsole(PrintWriter err) {
        Console console = System.console();
        return new Progress(err, console != null);
    }

    void update(String text) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        drawn = true;
        err.print("\r\033[K" + text);
        err.flush();
    }

    @Override
    public void close() {
        if (enabled && drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
