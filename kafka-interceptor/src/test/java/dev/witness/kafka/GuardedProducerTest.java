package dev.witness.kafka;

import dev.witness.guardrails.TestApprovalService;
import dev.witness.guardrails.TestApprovalService.Mode;
import dev.witness.recorder.Identity;
import dev.witness.recorder.RecordingContext;
import dev.witness.recorder.event.Approval;
import dev.witness.recorder.event.Denial;
import dev.witness.recorder.event.Event;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** WitnessProducer against the real broker: a refused send never reaches the topic; a granted one does. */
class GuardedProducerTest {
    @TempDir
    Path dir;
    TestApprovalService service;

    @BeforeEach
    void start() throws Exception {
        service = new TestApprovalService();
    }

    @AfterEach
    void stop() {
        service.close();
    }

    Map<String, Object> configs() throws Exception {
        Path policy = dir.resolve("policy.yaml");
        Files.writeString(policy, """
                rules:
                  - name: no-secrets
                    kafka: {topics: ["secrets-*"]}
                    action: deny
                    message: secrets go through the vault
                  - name: prod-needs-approval
                    kafka: {topicPattern: "prod-.*"}
                    action: approve
                """);
        Map<String, Object> c = Recordings.producerConfig(dir.resolve("store"), StringSerializer.class,
                StringSerializer.class);
        c.put("witness.guardrails.policy", policy.toString());
        c.put("witness.approval.timeout", "3s");
        c.putAll(service.config());
        return c;
    }

    static long endOffset(String topic) {
        Map<String, Object> c = Recordings.consumerConfig(null, StringDeserializer.class, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            return consumer.endOffsets(List.of(tp)).get(tp);
        }
    }

    @Test
    void aDeniedSendNeverReachesTheTopic() throws Exception {
        String secrets = TestBroker.topic("secrets");
        String plain = TestBroker.topic("plain");
        TestBroker.createTopic(secrets, 1, Map.of());
        Map<String, Object> configs = configs();
        AtomicReference<Exception> seen = new AtomicReference<>();
        AtomicReference<RecordMetadata> seenMetadata = new AtomicReference<>();
        try (Producer<String, String> p = WitnessProducer.wrap(new KafkaProducer<>(configs), configs);
             RecordingContext.Scope ignored = RecordingContext.with(Identity.of("alice"))) {
            Future<RecordMetadata> f = p.send(new ProducerRecord<>(secrets, "k", "the password"), (m, e) -> {
                seenMetadata.set(m);
                seen.set(e);
            });
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            WitnessDeniedSendException denied = assertInstanceOf(WitnessDeniedSendException.class, e.getCause());
            assertEquals("no-secrets", denied.rule());
            assertEquals("Witness guardrails: denied by rule 'no-secrets': secrets go through the vault",
                    denied.getMessage());
            assertEquals(denied, seen.get());
            assertEquals(-1, seenMetadata.get().offset());
            assertEquals(0, p.send(new ProducerRecord<>(plain, "k", "fine")).get(10, TimeUnit.SECONDS).offset());
        }
        assertEquals(0, endOffset(secrets), "nothing reached the denied topic");
        assertEquals(1, endOffset(plain));
        assertEquals(0, service.posts());

        List<Event> decisions = Recordings.read(dir.resolve("store")).entrySet().stream()
                .filter(en -> en.getValue().stream().anyMatch(ev -> ev instanceof Denial))
                .findFirst().orElseThrow().getValue();
        Denial d = Recordings.ofType(decisions, Denial.class).get(0);
        assertEquals("no-secrets", d.rule());
        assertEquals("alice", d.identity().principal());
    }

    @Test
    void approvedSendsPassAndRefusedOnesDoNot() throws Exception {
        String prod = TestBroker.topic("prod-orders");
        TestBroker.createTopic(prod, 1, Map.of());
        Map<String, Object> configs = configs();
        try (Producer<String, String> p = WitnessProducer.wrap(new KafkaProducer<>(configs), configs)) {
            assertEquals(0, p.send(new ProducerRecord<>(prod, "k1", "v1")).get(10, TimeUnit.SECONDS).offset());
            service.mode(Mode.DENY);
            Future<RecordMetadata> f = p.send(new ProducerRecord<>(prod, "k2", "v2"));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
            assertInstanceOf(WitnessDeniedSendException.class, e.getCause());
            service.mode(Mode.ERROR_500);
            assertThrows(ExecutionException.class, () -> p.send(new ProducerRecord<>(prod, "k3", "v3")).get());
        }
        assertEquals(1, endOffset(prod), "only the approved record reached the topic");
        assertEquals(3, service.posts());
        List<Approval> approvals = Recordings.read(dir.resolve("store")).values().stream()
                .flatMap(List::stream).filter(Approval.class::isInstance).map(Approval.class::cast).toList();
        assertEquals(List.of("approved", "denied", "error"), approvals.stream().map(Approval::decision).toList());
    }

    @Test
    void withoutAPolicyTheProducerIsForwarded() throws Exception {
        String topic = TestBroker.topic("free");
        Map<String, Object> c = Recordings.producerConfig(dir.resolve("store2"), StringSerializer.class,
                StringSerializer.class);
        try (WitnessProducer<String, String> p = WitnessProducer.wrap(new KafkaProducer<>(c), c)) {
            assertEquals(0, p.send(new ProducerRecord<>(topic, "k", "v")).get(10, TimeUnit.SECONDS).offset());
        }
    }
}
