package dev.witness.kafka;

import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A StringSerializer that is slow only on the Recorder's writer thread (where Witness re-serializes
 * captured values): the producer is as fast as ever while the recording queue fills up.
 */
public class SlowOnWriterSerializer extends StringSerializer {
    @Override
    public byte[] serialize(String topic, String data) {
        if (Thread.currentThread().getName().startsWith("witness-writer")) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return super.serialize(topic, data);
    }
}
