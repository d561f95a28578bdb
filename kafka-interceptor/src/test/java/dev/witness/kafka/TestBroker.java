package dev.witness.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real single-node KRaft broker (Kafka 4.4.0, broker and controller in one process) per test
 * JVM, started on first use and stopped by a shutdown hook: a cold start costs ~6 s, so every test
 * class shares it. Topics auto-create; tests use unique topic names.
 */
final class TestBroker {
    private static TestBroker instance;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private final KafkaRaftServer server;
    private final String bootstrap;
    private final Path dir;

    private TestBroker(KafkaRaftServer server, String bootstrap, Path dir) {
        this.server = server;
        this.bootstrap = bootstrap;
        this.dir = dir;
    }

    /** The broker's bootstrap address, starting it if needed. */
    static synchronized String bootstrap() {
        if (instance == null) {
            instance = start();
            TestBroker b = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(b::stop, "test-broker-stop"));
        }
        return instance.bootstrap;
    }

    /** A topic name no other test uses. */
    static String topic(String name) {
        return name + "-" + TOPICS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
    }

    /** Creates a topic with its own configs (e.g. a small max.message.bytes). */
    static void createTopic(String topic, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    private static TestBroker start() {
        try {
            int bport = freePort();
            return start(bport, bport);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker of the calling test's own, listening on {@code brokerPort} and advertising
     * {@code advertisedPort} (a proxy in front of it), for tests that disturb the network; the
     * caller stops it with {@link #stopOwn()}.
     */
    static TestBroker startOwn(int brokerPort, int advertisedPort) {
        return start(brokerPort, advertisedPort);
    }

    /** Stops a broker started with {@link #startOwn} and deletes its files. */
    void stopOwn() {
        stop();
    }

    /** A port nothing listens on now. */
    static int port() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestBroker start(int bport, int advertisedPort) {
        try {
            Path dir = Files.createTempDirectory("witness-kafka-broker");
            int cport = freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.bootstrap.servers", "localhost:" + cport);
            p.put("listeners", "PLAINTEXT://localhost:" + bport + ",CONTROLLER://localhost:" + cport);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + advertisedPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.resolve("data").toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("transaction.state.log.num.partitions", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", "1");
            // room for the 10 MiB value test
            p.put("message.max.bytes", String.valueOf(16 << 20));
            p.put("replica.fetch.max.bytes", String.valueOf(16 << 20));
            Path cfg = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, null);
            }
            int rc = kafka.tools.StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                    "-c", cfg.toString(), "--standalone"}, new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                throw new IllegalStateException("kafka storage format failed: " + rc);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            return new TestBroker(server, "localhost:" + bport, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp dir
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
