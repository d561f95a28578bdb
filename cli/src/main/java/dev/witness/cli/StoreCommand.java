package dev.witness.cli;

import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * What every command reading a store has: {@code --store}/{@code --config}, {@code --stacktrace},
 * the command line's writers, and the store opened once for the command's life.
 */
public abstract class StoreCommand implements Callable<Integer> {
    @Mixin
    protected StoreOptions storeOptions;

    @Spec
    protected CommandLine.Model.CommandSpec spec;

    @Option(names = "--stacktrace", description = "On failure, print the stack trace after the one-line message.")
    boolean stacktrace;

    protected Clock clock = Clock.systemUTC();

    /** Counted down once the store is closed: a shutdown hook waits for it (see {@link ServeCommand}). */
    protected final CountDownLatch storeClosed = new CountDownLatch(1);

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() throws Exception {
        validate();
        try (RecordingStore store = storeOptions.open(); RecordingReader reader = RecordingReader.of(store)) {
            int code = run(store, reader, storeOptions.location());
            out().flush();
            return code;
        } finally {
            storeClosed.countDown();
        }
    }

    /** Checks the options before the store is opened (a usage error should not wait for a store). */
    protected void validate() {
    }

    /** The command's work; returns its exit code. */
    protected abstract int run(RecordingStore store, RecordingReader reader, String location) throws Exception;
}
