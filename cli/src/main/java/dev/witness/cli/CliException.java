package dev.witness.cli;

/**
 * A failure a user can act on, reported as one line on stderr and the exit code it carries:
 * never a stack trace (those are for {@code --stacktrace}).
 */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A bad command line value (exit code {@link ExitCodes#USAGE}). */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** The command could not run (exit code {@link ExitCodes#ERROR}). */
    public static CliException error(String message) {
        return new CliException(ExitCodes.ERROR, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
