package dev.witness.cli;

import dev.witness.cli.replay.JdbcReplay;
import dev.witness.cli.replay.KafkaReplay;
import dev.witness.masking.Maskers;
import dev.witness.masking.RuleMasker;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

/** {@code witness replay}: a JDBC session against a sandbox database, or a Kafka session to sandbox topics. */
@Command(name = "replay", description = {"Replay a session against a sandbox.",
        "JDBC (--jdbc-url): re-execute the statements in order inside one transaction, rolled back at the end",
        "unless --commit; only reads unless --allow-writes; print the differences from the recording (exit 1 if any).",
        "Kafka (--bootstrap, --topic-prefix): republish the produced records with their keys and headers to",
        "<prefix><topic>, each with the header " + KafkaReplay.REPLAY_HEADER + ": <session>#<seq>.",
        "Masked values are replayed masked, and the output says where."})
public final class ReplayCommand extends StoreCommand {
    @Parameters(index = "0", paramLabel = "SESSION", description = "The session id (or a unique prefix).")
    String session;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false, heading = "JDBC replay%n")
        Jdbc jdbc;
        @ArgGroup(exclusive = false, heading = "Kafka replay%n")
        Kafka kafka;
    }

    static final class Jdbc {
        @Option(names = "--jdbc-url", required = true, paramLabel = "URL", description = "The sandbox database (a copy, never production).")
        String url;
        @Option(names = "--user", paramLabel = "USER", description = "Database user.")
        String user;
        @Option(names = "--password-env", paramLabel = "VAR", description = "Read the database password from this environment variable.")
        String passwordEnv;
        @Option(names = "--allow-writes", description = "Also run statements that write (INSERT, UPDATE, DDL, calls, batches).")
        boolean allowWrites;
        @Option(names = "--commit", description = "Commit at the end instead of rolling back (needs --allow-writes).")
        boolean commit;
        @Option(names = "--masking-rules", paramLabel = "RULES", description = "The recording's masking rules (a file or 'builtin'): replayed result values are masked by them before comparison.")
        String maskingRules;
        @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000", description = "Rows read per result the recording kept no count for (default: ${DEFAULT-VALUE}).")
        int maxRows;
    }

    static final class Kafka {
        @Option(names = "--bootstrap", required = true, paramLabel = "SERVERS", description = "The sandbox cluster's bootstrap.servers.")
        String bootstrap;
        @Option(names = "--topic-prefix", required = true, paramLabel = "PREFIX", description = "Put before every topic name, e.g. sandbox. (must not be empty).")
        String topicPrefix;
        @Option(names = "--producer-config", paramLabel = "FILE", description = "Producer properties (security, client.id, ...); serializers are set by the replay.")
        Path producerConfig;
        @Option(names = "--keep-partitions", description = "Send to the recorded partition where the application chose one.")
        boolean keepPartitions;
        @Option(names = "--consumed", description = "Republish the records a consumer received (a kafka-consumer session) instead of produced ones.")
        boolean consumed;
    }

    @Override
    protected void validate() {
        if (target.jdbc != null) {
            if (target.jdbc.commit && !target.jdbc.allowWrites) {
                throw CliException.usage("--commit needs --allow-writes (a read-only replay has nothing to commit)");
            }
            if (target.jdbc.maxRows < 1) {
                throw CliException.usage("--max-rows " + target.jdbc.maxRows + ": expected 1 or more");
            }
        } else if (target.kafka.topicPrefix.isBlank()) {
            throw CliException.usage("--topic-prefix must not be empty: replay never writes to the recorded topics");
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) throws Exception {
        SessionDescriptor d = SessionIds.resolve(reader, session, location);
        boolean kafkaSession = d.source().startsWith("kafka");
        if (target.jdbc != null && kafkaSession) {
            throw CliException.usage("session " + d.id() + " is a " + d.source() + " session: replay it with --bootstrap and --topic-prefix");
        }
        if (target.kafka != null && d.source().equals("jdbc")) {
            throw CliException.usage("session " + d.id() + " is a jdbc session: replay it with --jdbc-url");
        }
        List<RecordedEvent> events = reader.events(d.id());
        out().println("replaying session " + d.id() + " (" + d.source() + " -> " + d.target() + ", " + events.size()
                + " events, identity " + (d.identity() == null ? "-" : d.identity()) + ")");
        return target.jdbc != null ? jdbc(d, events) : kafka(d, events);
    }

    private int jdbc(SessionDescriptor d, List<RecordedEvent> events) throws SQLException {
        Jdbc o = target.jdbc;
        RuleMasker masker = null;
        if (o.maskingRules != null) {
            try {
                masker = Maskers.load(o.maskingRules);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--masking-rules: " + StoreOptions.oneLine(e.getMessage()));
            }
        }
        Properties props = new Properties();
        if (o.user != null) {
            props.setProperty("user", o.user);
        }
        if (o.passwordEnv != null) {
            String pw = System.getenv(o.passwordEnv);
            if (pw == null) {
                throw CliException.usage("--password-env " + o.passwordEnv + ": the variable is not set");
            }
            props.setProperty("password", pw);
        }
        out().println("on " + withoutCredentials(o.url) + ": " + (o.allowWrites ? "reads and writes" : "reads only (writes skipped; --allow-writes to run them)")
                + ", one transaction, " + (o.commit ? "COMMITTED at the end" : "rolled back at the end"));
        JdbcReplay.Outcome outcome;
        try (Connection c = connect(o.url, props)) {
            outcome = new JdbcReplay(c, new JdbcReplay.Options(o.allowWrites, o.commit, masker, o.maxRows), out()).replay(d.source(), d.target(), events);
        }
        out().println();
        out().println((outcome.same() + outcome.different() + outcome.skipped()) + " statements: " + outcome.same() + " same, "
                + outcome.different() + " different, " + outcome.skipped() + " skipped"
                + (outcome.masked() > 0 ? "; " + outcome.masked() + " masked values replayed masked" : "")
                + "; " + (o.commit ? "committed" : "rolled back"));
        return outcome.different() == 0 ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private static Connection connect(String url, Properties props) {
        try {
            return DriverManager.getConnection(url, props);
        } catch (SQLException e) {
            // drivers quote the URL in their messages: never echo a password
            String message = StoreOptions.oneLine(e.getMessage()).replace(url, withoutCredentials(url));
            throw CliException.error("cannot connect to " + withoutCredentials(url) + ": " + withoutCredentials(message));
        }
    }

    /** The URL without {@code user:password@} and password parameters. */
    static String withoutCredentials(String url) {
        return url.replaceAll("//([^/@:]+):[^/@]*@", "//$1:***@")
                .replaceAll("(?i)((?:password|pwd|secret|token)[^=;&]*=)[^;&]*", "$1***");
    }

    private int kafka(SessionDescriptor d, List<RecordedEvent> events) throws IOException, InterruptedException {
        Kafka o = target.kafka;
        Properties props = new Properties();
        if (o.producerConfig != null) {
            if (!Files.isReadable(o.producerConfig)) {
                throw CliException.usage("--producer-config " + o.producerConfig + ": no such readable file");
            }
            try (Reader r = Files.newBufferedReader(o.producerConfig)) {
                props.load(r);
            }
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "witness-replay");
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
        out().println("to " + o.bootstrap + ", topics " + o.topicPrefix + "<topic>, " + (o.consumed ? "consumed" : "produced") + " records");
        KafkaReplay.Outcome outcome;
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            outcome = new KafkaReplay(producer, new KafkaReplay.Options(o.topicPrefix, o.keepPartitions, o.consumed), out()).replay(d.id(), events);
        } catch (KafkaReplay.ReplayFailedException e) {
            throw CliException.error(e.getMessage());
        } catch (KafkaException e) {
            throw CliException.error("kafka: " + StoreOptions.oneLine(e.getMessage()));
        }
        out().println();
        out().println(outcome.sent() + " records republished, " + outcome.skipped() + " skipped"
                + (outcome.masked() > 0 ? "; " + outcome.masked() + " with masked values replayed masked" : ""));
        return ExitCodes.OK;
    }
}
