package dev.witness.cli;

/**
 * The exit codes of every {@code witness} command (docs/cli.md). Scripts rely on them, so they
 * never change meaning: 1 is "the check ran and found something", never "the check could not run".
 */
public final class ExitCodes {
    /** Done; for verify every session verified, for replay no difference. */
    public static final int OK = 0;
    /** verify: a session failed its chain check; replay: the replay differs from the recording. */
    public static final int FOUND = 1;
    /** A bad command line: unknown option, bad time or duration, missing argument. */
    public static final int USAGE = 2;
    /** The command could not run: no such session, unreadable or locked store, database or broker unreachable. */
    public static final int ERROR = 3;

    private ExitCodes() {
    }
}
