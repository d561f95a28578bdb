package dev.witness.kafka.internal;

import dev.witness.kafka.internal.ProducerCapture.SendCapture;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The pairing rules of {@link AckMatcher}, without a broker. */
class AckMatcherTest {
    private static SendCapture send(String topic, Integer partition, Headers headers) {
        return new SendCapture(null, 0, null, topic, partition, null, new org.apache.kafka.common.header.Header[0],
                null, null, headers);
    }

    private static RecordMetadata metadata(String topic, int partition, int keySize, int valueSize) {
        return new RecordMetadata(new TopicPartition(topic, partition), 0, 0, 0L, keySize, valueSize);
    }

    @Test
    void byHeadersInAnyOrderAndEachOnlyOnce() {
        AckMatcher m = new AckMatcher();
        List<SendCapture> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SendCapture s = send("t", null, new RecordHeaders());
            m.register(s);
            sends.add(s);
        }
        for (int i : new int[]{3, 0, 9, 1, 2, 4, 8, 5, 7, 6}) {
            assertSame(sends.get(i), m.match(metadata("t", 0, -1, -1), sends.get(i).headersRef, null));
            assertEquals(i + 1, sends.get(i).call);
        }
        assertEquals(0, m.pendingCount());
        assertNull(m.match(metadata("t", 0, -1, -1), sends.get(0).headersRef, null), "acknowledged once");
    }

    @Test
    void inSendOrderThenOutOfOrderThenInOrderAgain() {
        AckMatcher m = new AckMatcher();
        for (int round = 0; round < 3; round++) {
            List<SendCapture> sends = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                SendCapture s = send("t", null, new RecordHeaders());
                m.register(s);
                sends.add(s);
            }
            int[] ackOrder = round == 1 ? new int[]{0, 2, 1, 5, 3, 4} : new int[]{0, 1, 2, 3, 4, 5};
            for (int i : ackOrder) {
                assertSame(sends.get(i), m.match(null, sends.get(i).headersRef, null));
            }
            assertEquals(0, m.pendingCount());
        }
    }

    @Test
    void oneRecordSentTwiceIsAcknowledgedInSendOrder() {
        AckMatcher m = new AckMatcher();
        Headers shared = new RecordHeaders();
        SendCapture first = send("t", null, shared);
        SendCapture second = send("t", null, shared);
        m.register(first);
        m.register(second);
        assertSame(first, m.match(null, shared, null));
        assertSame(second, m.match(null, shared, null));
    }

    @Test
    void withoutHeadersTheOldestSendOfTheTopicWhosePartitionAndSizesAgree() {
        AckMatcher m = new AckMatcher();
        SendCapture a = send("a", null, new RecordHeaders());
        SendCapture b1 = send("b", 1, new RecordHeaders());
        SendCapture b0 = send("b", null, new RecordHeaders());
        a.keySize = 1;
        a.valueSize = 2;
        b1.keySize = 1;
        b1.valueSize = 2;
        b0.keySize = -1;
        b0.valueSize = 5;
        m.register(a);
        m.register(b1);
        m.register(b0);
        assertSame(b0, m.match(metadata("b", 0, -1, 5), null, null));
        assertSame(b1, m.match(metadata("b", 1, 1, 2), null, null));
        assertNull(m.match(metadata("b", 1, 1, 2), null, null));
        assertSame(a, m.match(metadata("a", 3, 1, 2), null, null));
    }

    @Test
    void anErrorInsideSendPairsWithThatThreadsLastSend() {
        AckMatcher m = new AckMatcher();
        SendCapture s = send("t", null, new RecordHeaders());
        m.register(s);
        assertSame(s, m.match(metadata("t", -1, -1, -1), new RecordHeaders(), s));
        assertNull(m.match(metadata("t", -1, -1, -1), new RecordHeaders(), s), "not twice");
    }

    @Test
    void theOldestPendingSendIsForgottenBeyondTheBound() {
        AckMatcher m = new AckMatcher();
        SendCapture oldest = send("t", null, new RecordHeaders());
        m.register(oldest);
        List<SendCapture> rest = new ArrayList<>();
        for (int i = 0; i < AckMatcher.MAX_PENDING; i++) {
            SendCapture s = send("t", null, new RecordHeaders());
            m.register(s);
            rest.add(s);
        }
        assertEquals(AckMatcher.MAX_PENDING, m.pendingCount());
        assertNull(m.match(null, oldest.headersRef, null));
        // out-of-order acknowledgements behind a send that never gets one do not pile up
        SendCapture stuck = rest.get(0);
        for (int round = 0; round < 3; round++) {
            for (int i = 1; i < rest.size(); i++) {
                assertSame(rest.get(i), m.match(null, rest.get(i).headersRef, null));
            }
            rest.subList(1, rest.size()).clear();
            for (int i = 0; i < 50_000; i++) {
                SendCapture s = send("t", null, new RecordHeaders());
                m.register(s);
                rest.add(s);
            }
        }
        assertSame(stuck, m.match(null, stuck.headersRef, null));
        assertEquals(50_000, m.pendingCount());
    }
}
