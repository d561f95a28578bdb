package dev.witness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the witness command in-process, as the launcher would, with stdout and stderr captured. */
final class Cli {
    private Cli() {
    }

    /** What one command printed and its exit code. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = WitnessCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code run} with {@code --store file:<dir>} after the command name. */
    static Run onStore(java.nio.file.Path store, String command, String... args) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.add("--store");
        all.add("file:" + store);
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }
}
