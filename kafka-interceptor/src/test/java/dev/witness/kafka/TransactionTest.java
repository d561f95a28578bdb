package dev.witness.kafka;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.Transaction;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TransactionAbortedException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Transactions through {@link TransactionRecordingProducer}: committed and aborted transactions are
 * recorded as {@code transaction} events, and the outcome of every send follows from the recording
 * alone by the rule of docs/format.md ({@link TransactionOutcomes}). The rule is checked against
 * what the broker says: a read_committed consumer sees exactly the sends the recording calls
 * committed, a read_uncommitted one sees the aborted ones too, at the offsets their acks recorded.
 */
class TransactionTest {
    @TempDir
    Path store;

    @Test
    void committedAndAbortedTransactionsAreRecordedWithTheirOutcome() throws Exception {
        String topic = TestBroker.topic("txn");
        String txnId = TestBroker.topic("orders-tx");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
        Map<String, RecordMetadata> offsets = new HashMap<>();
        try (Producer<String, String> producer = new TransactionRecordingProducer<>(pc)) {
            producer.initTransactions();
            transaction(producer, topic, List.of("a1", "a2"), offsets);
            producer.commitTransaction();
            transaction(producer, topic, List.of("b1", "b2"), offsets);
            producer.flush(); // written to the log, then aborted
            producer.abortTransaction();
            transaction(producer, topic, List.of("c1"), offsets);
            producer.commitTransaction();
        }

        // what the broker says
        List<ConsumerRecord<String, String>> committed = readAll(topic, "read_committed", 3);
        List<ConsumerRecord<String, String>> everything = readAll(topic, "read_uncommitted", 5);
        assertEquals(List.of("a1", "a2", "c1"), committed.stream().map(ConsumerRecord::value).toList());
        assertEquals(List.of("a1", "a2", "b1", "b2", "c1"), everything.stream().map(ConsumerRecord::value).toList());

        // what the recording says
        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        SessionDescriptor d = sessions.keySet().stream().filter(s -> s.source().equals("kafka-producer"))
                .findFirst().orElseThrow();
        assertEquals(txnId, d.attributes().get("transactional_id"));
        List<Event> events = only(sessions, "kafka-producer");
        List<Transaction> boundaries = ofType(events, Transaction.class);
        assertEquals(List.of("begin", "commit", "begin", "abort", "begin", "commit"),
                boundaries.stream().map(Transaction::action).toList());
        boundaries.forEach(t -> assertEquals(txnId, t.name()));

        Map<Long, String> outcome = TransactionOutcomes.of(events);
        List<Produce> sends = ofType(events, Produce.class);
        assertEquals(5, sends.size());
        Map<String, String> outcomeByValue = sends.stream().collect(Collectors.toMap(p -> p.value().text(),
                p -> outcome.get(p.call())));
        assertEquals(Map.of("a1", "commit", "a2", "commit", "b1", "abort", "b2", "abort", "c1", "commit"),
                outcomeByValue);
        sends.forEach(p -> assertEquals(txnId, p.transactionalId()));

        // every ack paired with its send, at the offset the application got
        List<Acknowledgement> acks = ofType(events, Acknowledgement.class);
        assertEquals(5, acks.size());
        Map<Long, Produce> byCall = sends.stream().collect(Collectors.toMap(Produce::call, p -> p));
        for (Acknowledgement a : acks) {
            Produce p = byCall.get(a.call());
            assertNotNull(p, "ack without its send: " + a);
            assertEquals(offsets.get(p.value().text()).offset(), a.offset());
            assertEquals(null, a.error());
        }
        // the broker agrees with the recording: aborted = seen by read_uncommitted only, at the recorded offsets
        Map<Long, String> brokerView = new HashMap<>();
        everything.forEach(r -> brokerView.put(r.offset(), "abort"));
        committed.forEach(r -> brokerView.put(r.offset(), "commit"));
        for (Acknowledgement a : acks) {
            assertEquals(brokerView.get(a.offset()), outcome.get(a.call()), "offset " + a.offset());
        }

        // a read_committed consumer with Witness records the committed records only
        Path consumerStore = store.resolve("consumer");
        Map<String, Object> cc = Recordings.consumerConfig(consumerStore, StringDeserializer.class,
                StringDeserializer.class);
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            Recordings.poll(consumer, 3);
        }
        List<Consume> consumed = ofType(only(Recordings.read(consumerStore), "kafka-consumer"), Consume.class);
        assertEquals(List.of("a1", "a2", "c1"), consumed.stream().map(c -> c.value().text()).toList());
    }

    @Test
    void recordsStillBufferedWhenTheTransactionAbortsAreRecordedAsAborted() throws Exception {
        String topic = TestBroker.topic("txn-buffered");
        String txnId = TestBroker.topic("buffered-tx");
        TestBroker.createTopic(topic, 1, Map.of());
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txnId);
        pc.put(ProducerConfig.LINGER_MS_CONFIG, "60000"); // the records wait in the accumulator
        pc.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        try (Producer<String, String> producer = new TransactionRecordingProducer<>(pc)) {
            producer.initTransactions();
            producer.beginTransaction();
            futures.add(producer.send(new ProducerRecord<>(topic, "x1")));
            futures.add(producer.send(new ProducerRecord<>(topic, "x2")));
            producer.abortTransaction();
        }
        // What the client did with each buffered record: abortTransaction() fails the batches the
        // sender has not drained yet, but it also makes the waiting batches ready, so a batch the
        // sender drained first is written and then aborted by the marker (its send succeeds).
        // Which one happens is the client's race; what Witness records must match it either way.
        Map<String, Long> writtenAt = new HashMap<>(); // value -> offset, for sends that succeeded
        String[] values = {"x1", "x2"};
        for (int i = 0; i < futures.size(); i++) {
            try {
                writtenAt.put(values[i], futures.get(i).get().offset());
            } catch (ExecutionException e) {
                assertInstanceOf(TransactionAbortedException.class, e.getCause());
            }
        }
        List<Event> events = only(Recordings.read(store), "kafka-producer");
        assertEquals(List.of("begin", "abort"), ofType(events, Transaction.class).stream()
                .map(Transaction::action).toList());
        Map<Long, String> outcome = TransactionOutcomes.of(events);
        List<Produce> sends = ofType(events, Produce.class);
        assertEquals(2, sends.size());
        sends.forEach(p -> assertEquals("abort", outcome.get(p.call())));
        List<Acknowledgement> acks = ofType(events, Acknowledgement.class);
        assertEquals(2, acks.size());
        for (Acknowledgement a : acks) {
            Produce send = sends.stream().filter(p -> p.call() == a.call()).findFirst()
                    .orElseThrow(() -> new AssertionError("ack paired: " + a));
            Long offset = writtenAt.get(send.value().text());
            if (offset == null) {
                assertEquals(-1, a.offset());
                assertTrue(a.error().startsWith(TransactionAbortedException.class.getName()), a.error());
            } else {
                assertEquals(offset, a.offset(), "the offset the client returned");
                assertNull(a.error());
            }
        }
    }

    @Test
    void aProducerWithoutTheInterceptorPassesThrough() throws Exception {
        String topic = TestBroker.topic("txn-plain");
        Map<String, Object> pc = Recordings.producerConfig(store, StringSerializer.class, StringSerializer.class);
        pc.remove(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG);
        pc.remove("witness.store");
        pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TestBroker.topic("plain-tx"));
        try (Producer<String, String> producer = new TransactionRecordingProducer<>(pc)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "p1"));
            producer.commitTransaction();
        }
        assertEquals(List.of("p1"), readAll(topic, "read_committed", 1).stream().map(ConsumerRecord::value).toList());
    }

    private static void transaction(Producer<String, String> producer, String topic, List<String> values,
                                    Map<String, RecordMetadata> offsets) {
        producer.beginTransaction();
        for (String v : values) {
            producer.send(new ProducerRecord<>(topic, v), (m, e) -> {
                if (e == null) {
                    synchronized (offsets) {
                        offsets.put(v, m);
                    }
                }
            });
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, String isolation, int expected) {
        Map<String, Object> cc = Recordings.consumerConfig(null, StringDeserializer.class, StringDeserializer.class);
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            List<ConsumerRecord<String, String>> out = new ArrayList<>(Recordings.poll(consumer, expected));
            // nothing more arrives (the control records and, for read_committed, the aborted ones are skipped)
            consumer.poll(Duration.ofMillis(300)).forEach(out::add);
            return out;
        }
    }
}
