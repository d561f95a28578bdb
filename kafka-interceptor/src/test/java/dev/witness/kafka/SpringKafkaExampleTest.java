package dev.witness.kafka;

import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.Produce;
import dev.witness.storage.SessionDescriptor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;
import org.springframework.kafka.support.TopicPartitionOffset;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.witness.kafka.Recordings.ofType;
import static dev.witness.kafka.Recordings.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A Spring Kafka application records with nothing but configuration: the interceptor classes and
 * the witness.* keys go into the producer and consumer factories' config maps, as in
 * {@code spring.kafka.producer.properties.*} of a Spring Boot application.
 */
class SpringKafkaExampleTest {
    @TempDir
    Path store;

    @Test
    void aKafkaTemplateAndAListenerContainerAreRecorded() throws Exception {
        String topic = TestBroker.topic("spring");
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessProducerInterceptor.class.getName());
        producerProps.put("witness.store", "file:" + store);
        DefaultKafkaProducerFactory<String, String> pf = new DefaultKafkaProducerFactory<>(producerProps);
        try {
            KafkaTemplate<String, String> template = new KafkaTemplate<>(pf);
            template.send(topic, "order-1", "{\"id\":1}").get(10, TimeUnit.SECONDS);
            template.send(topic, "order-2", "{\"id\":2}").get(10, TimeUnit.SECONDS);
        } finally {
            pf.destroy();
        }

        Map<String, Object> consumerProps = new HashMap<>();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBroker.bootstrap());
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "spring-group");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG, WitnessConsumerInterceptor.class.getName());
        consumerProps.put("witness.store", "file:" + store);
        ContainerProperties containerProps = new ContainerProperties(new TopicPartitionOffset(topic, 0, 0L));
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        containerProps.setMessageListener((MessageListener<String, String>) r -> received.add(r.value()));
        KafkaMessageListenerContainer<String, String> container = new KafkaMessageListenerContainer<>(
                new DefaultKafkaConsumerFactory<>(consumerProps), containerProps);
        container.start();
        try {
            assertEquals("{\"id\":1}", received.poll(20, TimeUnit.SECONDS));
            assertEquals("{\"id\":2}", received.poll(20, TimeUnit.SECONDS));
        } finally {
            container.stop();
        }

        Map<SessionDescriptor, List<Event>> sessions = Recordings.read(store);
        List<Event> produced = only(sessions, "kafka-producer");
        assertEquals(List.of("{\"id\":1}", "{\"id\":2}"),
                ofType(produced, Produce.class).stream().map(p -> p.value().text()).toList());
        assertEquals(2, ofType(produced, Acknowledgement.class).size());
        List<Event> consumed = only(sessions, "kafka-consumer");
        assertEquals(List.of("order-1", "order-2"),
                ofType(consumed, Consume.class).stream().map(c -> c.key().text()).toList());
        // the container commits after each batch (its default ack mode): recorded as sync commits
        assertFalse(ofType(consumed, OffsetCommit.class).isEmpty());
        ofType(consumed, OffsetCommit.class).forEach(c -> assertEquals("sync", c.mode()));
    }
}
