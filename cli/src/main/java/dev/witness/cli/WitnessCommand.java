package dev.witness.cli;

import dev.witness.recorder.config.ConfigException;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The {@code witness} command. Build it with {@link #commandLine(PrintWriter, PrintWriter)}: that
 * installs the error policy every subcommand follows: a failure is one line on stderr naming
 * what went wrong, and an exit code from {@link ExitCodes}; a stack trace only with
 * {@code --stacktrace}.
 */
@Command(name = "witness", mixinStandardHelpOptions = true, versionProvider = WitnessCommand.Version.class,
        description = "Find, show, verify, replay, export and purge Witness recordings; serve them as a local web page.",
        subcommands = {SessionsCommand.class, ShowCommand.class, VerifyCommand.class, ReplayCommand.class,
                ExportCommand.class, PurgeCommand.class, ServeCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 done (verified, no difference), 1 verify or replay found a difference,",
                "2 bad command line, 3 could not run (no such session, store unreadable, database unreachable).",
                "Documentation: docs/cli.md"})
public final class WitnessCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: sessions, show, verify, replay, export, purge or serve");
    }

    /** The command line writing to {@code out} and {@code err}, with the error policy installed. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new WitnessCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + StoreOptions.oneLine(ex.getMessage()) + " (see " + name + " --help)");
            failed.getErr().flush();
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, failed, parseResult) -> {
            int code = exitCode(ex);
            failed.getErr().println(failed.getCommandSpec().qualifiedName() + ": " + message(ex));
            if (wantsStackTrace(parseResult)) {
                ex.printStackTrace(failed.getErr());
            }
            failed.getErr().flush();
            return code;
        });
        return cl;
    }

    private static boolean wantsStackTrace(ParseResult r) {
        for (ParseResult p = r; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CliException c) {
            return c.exitCode();
        }
        if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.ERROR;
    }

    static String message(Throwable ex) {
        if (ex instanceof CliException) {
            return StoreOptions.oneLine(ex.getMessage());
        }
        if (ex instanceof NoSuchSessionException n) {
            return "no such session: " + n.sessionId();
        }
        if (ex instanceof StoreException || ex instanceof ConfigException) {
            return StoreOptions.oneLine(ex.getMessage());
        }
        if (ex instanceof SQLException s) {
            return "database: " + StoreOptions.oneLine(s.getMessage()) + (s.getSQLState() == null ? "" : " (SQLState " + s.getSQLState() + ")");
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            return "I/O error: " + StoreOptions.oneLine(String.valueOf(io.getMessage()));
        }
        String m = ex.getMessage();
        return ex.getClass().getSimpleName() + (m == null ? "" : ": " + StoreOptions.oneLine(m));
    }

    /** Reads the version the build wrote into {@code version.properties}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = WitnessCommand.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"witness " + p.getProperty("version", "(development build)") + ", Java "
                    + System.getProperty("java.version")};
        }
    }
}
