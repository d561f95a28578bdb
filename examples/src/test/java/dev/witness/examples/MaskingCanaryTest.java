package dev.witness.examples;

import dev.witness.jdbc.WitnessDataSource;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.config.WitnessConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Invariant 1 end to end: canary values planted in JDBC parameters, result rows, a JSON column,
 * SQL text, a failing statement's error message, Kafka keys, values and headers, recorded through
 * the real interceptors with masking rules on; no byte under the store directory and no line of
 * the captured log output holds a canary.
 */
class MaskingCanaryTest {
    private static final String RULES = """
            rules:
              - name: ssn
                columns: [users.ssn]
                strategy: redact
              - name: api-key-header
                headers: [x-api-key]
                strategy: redact
              - name: secrets
                detect: [card, email, aws-access-key, password]
                strategy: redact
            """;
    private static final String SSN = "ZZCANARYSSN1";
    private static final String CARD = "4111111111111111";
    private static final String EMAIL = "canary.user@example.com";
    private static final String AWS_KEY = "AKIAIOSFODNN7CANARY1";
    private static final List<String> CANARIES = List.of(SSN, CARD, EMAIL, AWS_KEY);

    @Test
    void noCanaryReachesTheStoreOrTheLog(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        Path store = dir.resolve("store");
        Map<String, String> witness = Map.of("witness.store", "file:" + store, "witness.masking.rules", rules.toString(),
                "witness.jdbc.results", "rows");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        System.setErr(new PrintStream(new TeeStream(log, originalErr), true));
        System.setOut(new PrintStream(new TeeStream(log, originalOut), true));
        try {
            recordJdbc(WitnessConfig.builder().putAll(witness, "test").build());
            recordKafka(dir, witness);
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(store)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".segment")), "something was recorded");
        long segmentBytes = 0;
        for (Path f : files) {
            String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            segmentBytes += bytes.length();
            for (String canary : CANARIES) {
                assertFalse(bytes.contains(canary), canary + " stored in " + f);
            }
        }
        for (String canary : CANARIES) {
            assertFalse(logged.contains(canary), canary + " logged:\n" + logged);
        }
        assertTrue(segmentBytes > 2000, "the recording holds the (masked) events");
    }

    private static void recordJdbc(WitnessConfig config) throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:canary;DB_CLOSE_DELAY=-1");
        try (WitnessDataSource db = WitnessDataSource.builder(h2).config(config).build();
             RecordingContext.Scope who = RecordingContext.with(Identity.of("ops"));
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("create table users (id int primary key, name varchar(10), ssn varchar(20), notes varchar(200))");
            try (PreparedStatement ps = c.prepareStatement("insert into users (id, name, ssn, notes) values (?, ?, ?, ?)")) {
                ps.setInt(1, 1);
                ps.setString(2, "Ada");
                ps.setString(3, SSN);
                ps.setString(4, "{\"card\":\"" + CARD + "\",\"mail\":\"" + EMAIL + "\"}");
                ps.executeUpdate();
            }
            try (ResultSet rs = s.executeQuery("select id, name, ssn, notes from users where notes like '%" + EMAIL + "%'")) {
                while (rs.next()) {
                    assertEquals(SSN, rs.getString("ssn"), "the application still sees the real value");
                    rs.getString("notes");
                }
            }
            SQLException tooLong = assertThrows(SQLException.class,
                    () -> s.executeUpdate("insert into users (id, name) values (2, '" + EMAIL + "')"));
            assertTrue(tooLong.getMessage().contains(EMAIL), "the driver's message quotes the value");
        }
    }

    private static void recordKafka(Path dir, Map<String, String> witness) throws Exception {
        Path brokerDir = Files.createDirectories(dir.resolve("broker"));
        KafkaDemo.Broker broker = KafkaDemo.Broker.start(brokerDir);
        try {
            Map<String, Object> producer = new HashMap<>(witness);
            producer.remove("witness.jdbc.results");
            producer.put("bootstrap.servers", broker.bootstrap);
            producer.put("key.serializer", StringSerializer.class.getName());
            producer.put("value.serializer", StringSerializer.class.getName());
            producer.put("interceptor.classes", "dev.witness.kafka.WitnessProducerInterceptor");
            try (KafkaProducer<String, String> p = new KafkaProducer<>(producer)) {
                ProducerRecord<String, String> r = new ProducerRecord<>("payments", EMAIL,
                        "{\"card\":\"" + CARD + "\",\"amount\":10}");
                r.headers().add("x-api-key", AWS_KEY.getBytes(StandardCharsets.UTF_8));
                p.send(r).get();
            }
            Map<String, Object> consumer = new HashMap<>(witness);
            consumer.remove("witness.jdbc.results");
            consumer.put("bootstrap.servers", broker.bootstrap);
            consumer.put("group.id", "canary");
            consumer.put("key.deserializer", StringDeserializer.class.getName());
            consumer.put("value.deserializer", StringDeserializer.class.getName());
            consumer.put("interceptor.classes", "dev.witness.kafka.WitnessConsumerInterceptor");
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumer)) {
                TopicPartition tp = new TopicPartition("payments", 0);
                c.assign(List.of(tp));
                c.seekToBeginning(List.of(tp));
                int seen = 0;
                for (int i = 0; i < 50 && seen == 0; i++) {
                    ConsumerRecords<String, String> polled = c.poll(Duration.ofMillis(200));
                    seen += polled.count();
                }
                assertEquals(1, seen);
                c.commitSync();
            }
        } finally {
            broker.stop();
        }
    }

    /** Writes to the buffer and to the original stream. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
