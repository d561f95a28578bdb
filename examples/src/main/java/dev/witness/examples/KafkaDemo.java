package dev.witness.examples;

import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.CoreKeys;
import dev.witness.recorder.config.WitnessConfig;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Header;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.event.SessionStart;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The Kafka part of the README's demo: a real single-node KRaft broker (Kafka 4.4.0) started in
 * this JVM in a temporary directory, a producer and a consumer that record through Witness with
 * nothing but configuration ({@code interceptor.classes} and {@code witness.*} keys beside the
 * clients' own), then the recorded Kafka sessions read back, printed and verified.
 */
public final class KafkaDemo {
    private KafkaDemo() {
    }

    public static void main(String[] args) throws Exception {
        run(WitnessConfig.builder().fromEnvironment().put(CoreKeys.APPLICATION.name(), "witness-demo").build(),
                System.out);
    }

    /** Runs the Kafka application against an in-process broker and prints what was recorded. */
    public static void run(WitnessConfig config, PrintStream out) throws Exception {
        quietKafkaLogs();
        String store = config.get(CoreKeys.STORE);
        out.println();
        out.println("Witness demo, Kafka: starting a single-node KRaft broker in this JVM...");
        Instant started = Instant.now();
        Path dir = Files.createTempDirectory("witness-demo-kafka");
        Broker broker = null;
        try {
            broker = Broker.start(dir);
            out.printf("  broker up at %s after %.1f s%n", broker.bootstrap,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0);
            runTheApplication(broker.bootstrap, store, config.get(CoreKeys.APPLICATION), out);
        } finally {
            if (broker != null) {
                broker.stop();
            }
            deleteTree(dir);
        }
        printRecordings(config, started, out);
    }

    /** The application: a plain producer and consumer; Witness is only in their configuration. */
    private static void runTheApplication(String bootstrap, String store, String application, PrintStream out) {
        String topic = "orders";
        Map<String, Object> pc = new HashMap<>();
        pc.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        pc.put(ProducerConfig.CLIENT_ID_CONFIG, "order-service");
        pc.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        pc.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // Witness: two lines of configuration
        pc.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, "dev.witness.kafka.WitnessProducerInterceptor");
        pc.put("witness.store", store);
        if (application != null) {
            pc.put(CoreKeys.APPLICATION.name(), application);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            String[][] orders = {{"alice", "o-1001", "{\"order\":1001,\"customer\":42,\"total\":19.91}"},
                {"alice", "o-1002", "{\"order\":1002,\"customer\":7,\"total\":5.00}"},
                {"bob", "o-1003", "{\"order\":1003,\"customer\":42,\"total\":120.50}"}};
            for (String[] o : orders) {
                try (RecordingContext.Scope who = RecordingContext.with(Identity.of(o[0]))) {
                    RecordHeaders headers = new RecordHeaders();
                    headers.add("trace-id", ("trace-" + o[1]).getBytes(StandardCharsets.UTF_8));
                    var meta = producer.send(new ProducerRecord<>(topic, null, o[1], o[2], headers)).get();
                    out.printf("  %s sent %s -> %s-%d@%d%n", o[0], o[1], meta.topic(), meta.partition(), meta.offset());
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the demo producer failed", e);
        }

        Map<String, Object> cc = new HashMap<>();
        cc.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        cc.put(ConsumerConfig.CLIENT_ID_CONFIG, "billing-service");
        cc.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");
        cc.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        cc.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cc.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // Witness: the same two lines
        cc.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, "dev.witness.kafka.WitnessConsumerInterceptor");
        cc.put("witness.store", store);
        if (application != null) {
            cc.put(CoreKeys.APPLICATION.name(), application);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc);
             RecordingContext.Scope who = RecordingContext.with(Identity.of("billing"))) {
            consumer.assign(List.of(new TopicPartition(topic, 0))); // assign: no group join to wait for
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.size() < 3 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            consumer.commitSync();
            out.printf("  billing consumed %d orders and committed offset %d%n", got.size(),
                    got.isEmpty() ? 0 : got.get(got.size() - 1).offset() + 1);
        }
    }

    private static void printRecordings(WitnessConfig config, Instant started, PrintStream out) {
        try (RecordingReader reader = RecordingReader.open(config)) {
            List<SessionDescriptor> sessions = reader.sessions(SessionQuery.builder().from(started).limit(100).build())
                    .sessions().stream()
                    .filter(d -> !d.startedAt().isBefore(started) && d.source().startsWith("kafka-"))
                    .sorted(Comparator.comparing(SessionDescriptor::startedAt))
                    .collect(Collectors.toList());
            out.println();
            out.println("Kafka sessions recorded in this run (one per client):");
            for (SessionDescriptor d : sessions) {
                out.printf("%n  %s  %s  %s  %s%n", d.id(), d.source(), d.target(), d.attributes());
                for (RecordedEvent e : reader.events(d.id())) {
                    out.println("    " + describe(e));
                }
                Verification v = reader.verify(d.id());
                out.printf("    hash chain: %s (%d events)%n", v.status(), v.events());
            }
        }
    }

    private static String describe(RecordedEvent r) {
        Event e = r.event();
        String who = e.identity() == null ? "-" : e.identity().principal();
        String what;
        if (e instanceof SessionStart s) {
            what = "session start  " + s.source() + " -> " + s.target();
        } else if (e instanceof SessionEnd s) {
            what = "session end    " + s.eventCount() + " events before it";
        } else if (e instanceof Produce p) {
            what = "produce #" + p.call() + "    " + p.topic() + " key=" + text(p.key()) + " value=" + text(p.value())
                    + headers(p.headers());
        } else if (e instanceof Acknowledgement a) {
            int more = a.moreCalls().size(); // one line acknowledges the records of one response
            what = more == 0 ? "ack #" + a.call() + "        " + a.topic() + "-" + a.partition() + "@" + a.offset()
                    + (a.error() == null ? "" : " error " + a.error())
                    : "ack #" + a.call() + " +" + more + "    " + a.topic() + "-" + a.partition() + "@" + a.offset()
                    + ".." + (a.offset() + more);
        } else if (e instanceof Consume c) {
            what = "consume        " + c.topic() + "-" + c.partition() + "@" + c.offset() + " key=" + text(c.key())
                    + " value=" + text(c.value()) + " group=" + c.group();
        } else if (e instanceof OffsetCommit c) {
            what = "offset commit  " + c.mode() + " " + c.offsets().stream()
                    .map(o -> o.topic() + "-" + o.partition() + "=" + o.offset()).collect(Collectors.joining(", "));
        } else {
            what = e.type().wireName();
        }
        Instant at = Instant.ofEpochSecond(e.timeMicros() / 1_000_000, (e.timeMicros() % 1_000_000) * 1000);
        return String.format("#%-3d %s  %-7s %s", r.sequence(), at, who, what);
    }

    private static String text(Payload p) {
        return p == null ? "null" : p.text();
    }

    private static String headers(List<Header> headers) {
        return headers.isEmpty() ? "" : " headers=" + headers.stream().map(h -> h.key() + ":" + text(h.value()))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /** The broker and clients log at INFO by default; the demo shows errors only (slf4j-simple). */
    private static void quietKafkaLogs() {
        for (String logger : List.of("kafka", "org.apache.kafka", "state.change.logger")) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "error");
            }
        }
    }

    /** One KRaft node (broker and controller) in this JVM: docs/kafka.md, tests' TestBroker. */
    static final class Broker {
        private final KafkaRaftServer server;
        final String bootstrap;

        private Broker(KafkaRaftServer server, String bootstrap) {
            this.server = server;
            this.bootstrap = bootstrap;
        }

        static Broker start(Path dir) throws IOException {
            int bport = freePort();
            int cport = freePort();
            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.bootstrap.servers", "localhost:" + cport);
            p.put("listeners", "PLAINTEXT://localhost:" + bport + ",CONTROLLER://localhost:" + cport);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + bport);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", dir.resolve("data").toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", "1");
            Path cfg = dir.resolve("server.properties");
            try (Writer w = Files.newBufferedWriter(cfg)) {
                p.store(w, null);
            }
            int rc = kafka.tools.StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                "-c", cfg.toString(), "--standalone"}, new PrintStream(OutputStream.nullOutputStream()));
            if (rc != 0) {
                throw new IllegalStateException("formatting the broker's storage failed: " + rc);
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            server.startup();
            return new Broker(server, "localhost:" + bport);
        }

        void stop() {
            server.shutdown();
            server.awaitShutdown();
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir; the OS cleans it eventually
        }
    }
}
