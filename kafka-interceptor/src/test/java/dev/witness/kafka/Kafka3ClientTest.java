package dev.witness.kafka;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.Produce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interceptors on the 3.x client line (kafka-clients 3.9.1) against the same 4.4.0 broker. The
 * broker needs the 4.x client on its class path, so the 3.x client runs in its own class loader:
 * the test class path without any org.apache.kafka jar, plus kafka-clients 3.9.1 (copied to
 * target/kafka3 by the build).
 */
class Kafka3ClientTest {
    private static final int RECORDS = 8;

    @TempDir
    Path store;

    @Test
    void producerAndConsumerInterceptorsWorkOnThe3xClient() throws Exception {
        String topic = TestBroker.topic("kafka3");
        TestBroker.createTopic(topic, 2, Map.of());
        String version;
        try (URLClassLoader loader = kafka3Loader()) {
            Class<?> driver = Class.forName(Kafka3Driver.class.getName(), true, loader);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                version = (String) driver.getMethod("run", String.class, String.class, String.class, int.class)
                        .invoke(null, TestBroker.bootstrap(), "file:" + store, topic, RECORDS);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        assertTrue(version.endsWith("/kafka-clients-3.9.1.jar"), "ran on client " + version);

        var sessions = Recordings.read(store);
        List<Event> produced = only(sessions, "kafka-producer");
        List<Produce> sends = ofType(produced, Produce.class);
        List<Acknowledgement> acks = ofType(produced, Acknowledgement.class);
        assertEquals(RECORDS, sends.size());
        assertEquals(RECORDS, acks.size());
        for (Acknowledgement a : acks) {
            Produce p = sends.stream().filter(s -> s.call() == a.call()).findFirst().orElseThrow();
            assertEquals(p.partition(), a.partition(), "paired by topic, partition and sizes on 3.x");
            assertEquals(sends.indexOf(p) / 2, a.offset());
        }
        List<Event> consumed = only(sessions, "kafka-consumer");
        assertEquals(RECORDS, ofType(consumed, Consume.class).size());
        assertEquals("sync", ofType(consumed, OffsetCommit.class).get(0).mode());
    }

    private static URLClassLoader kafka3Loader() throws Exception {
        Path dir = Path.of(System.getProperty("kafka3.client.dir", "target/kafka3"));
        List<URL> urls = new ArrayList<>();
        try (Stream<Path> jars = Files.list(dir)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                urls.add(jar.toUri().toURL());
            }
        }
        String classpath = Files.readString(dir.resolve("test-classpath.txt")).trim();
        for (String entry : classpath.split(File.pathSeparator)) {
            String normalized = entry.replace('\\', '/');
            if (!normalized.contains("/org/apache/kafka/") && !normalized.contains("/org/scala-lang/")) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        urls.add(codeSource(WitnessProducerInterceptor.class));
        urls.add(codeSource(Kafka3Driver.class));
        return new URLClassLoader("kafka3", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static URL codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
