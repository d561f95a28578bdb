package dev.witness.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;

/** Entry point of {@code witness.jar} ({@code cli/bin/witness}): runs one command and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        quietLogging();
        Charset cs = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true);
        int code = WitnessCommand.commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Libraries log to stderr through slf4j-simple; a command's output must not drown in the
     * Kafka client's INFO lines. Warnings stay visible; -D settings win.
     */
    static void quietLogging() {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
