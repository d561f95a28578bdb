package dev.witness.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a producer and a consumer with the interceptors. Loaded by {@link Kafka3ClientTest} in a class
 * loader holding the 3.x client instead of the broker's 4.x one, so it must not touch the broker's
 * classes.
 */
public final class Kafka3Driver {
    private Kafka3Driver() {
    }

    /** Produces {@code n} records, consumes and commits them; returns the client jar it ran on. */
    public static String run(String bootstrap, String store, String topic, int n) throws Exception {
        Map<String, Object> pc = new HashMap<>();
        pc.put("bootstrap.servers", bootstrap);
        pc.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        pc.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        pc.put("interceptor.classes", "dev.witness.kafka.WitnessProducerInterceptor");
        pc.put("witness.store", store);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc)) {
            for (int i = 0; i < n; i++) {
                // two partitions, so acknowledgements must be paired without the Kafka 4 headers
                producer.send(new ProducerRecord<>(topic, i % 2, "k" + i, "v".repeat(i + 1))).get();
            }
        }
        Map<String, Object> cc = new HashMap<>();
        cc.put("bootstrap.servers", bootstrap);
        cc.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        cc.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        cc.put("interceptor.classes", "dev.witness.kafka.WitnessConsumerInterceptor");
        cc.put("group.id", "g3");
        cc.put("enable.auto.commit", "false");
        cc.put("auto.offset.reset", "earliest");
        cc.put("witness.store", store);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cc)) {
            List<TopicPartition> tps = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(tps);
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (got.size() < n && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            if (got.size() < n) {
                throw new IllegalStateException("only " + got.size() + " records arrived");
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition tp : tps) {
                offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
            }
            consumer.commitSync(offsets);
        }
        return KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    }
}
