package dev.witness.kafka.internal;

import dev.witness.kafka.internal.ProducerCapture.SendCapture;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Pairing by Headers instance while acknowledgements switch between send order and out of order. */
class AckMatcherTest {
    private final AckMatcher matcher = new AckMatcher();

    private SendCapture send(Headers headers) {
        SendCapture s = new SendCapture(null, 0, null, "t", null, null, new Header[0], null, null, headers);
        matcher.register(s);
        return s;
    }

    @Test
    void pairsExactlyAcrossOutOfOrderStretchesAndLongInOrderRuns() {
        List<SendCapture> sends = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            sends.clear();
            for (int i = 0; i < 3 * AckMatcher.DROP_INDEX_AFTER; i++) {
                sends.add(send(new RecordHeaders()));
            }
            // out of order first (builds the index), then a long run in send order (drops it), then out of order again
            assertSame(sends.get(1), matcher.match(null, sends.get(1).headersRef, null));
            assertSame(sends.get(0), matcher.match(null, sends.get(0).headersRef, null));
            int i = 2;
            for (; i < 2 * AckMatcher.DROP_INDEX_AFTER; i++) {
                assertSame(sends.get(i), matcher.match(null, sends.get(i).headersRef, null), "ack " + i);
            }
            int last = sends.size() - 1;
            assertSame(sends.get(last), matcher.match(null, sends.get(last).headersRef, null));
            for (; i < last; i++) {
                assertSame(sends.get(i), matcher.match(null, sends.get(i).headersRef, null), "ack " + i);
            }
            assertEquals(0, matcher.pendingCount());
        }
    }

    @Test
    void aRecordSentTwiceIsPairedOldestFirstWithAndWithoutTheIndex() {
        Headers shared = new RecordHeaders();
        List<SendCapture> sends = new ArrayList<>();
        sends.add(send(shared));
        SendCapture other = send(new RecordHeaders());
        sends.add(send(shared));
        assertSame(other, matcher.match(null, other.headersRef, null)); // out of order: indexed
        assertSame(sends.get(0), matcher.match(null, shared, null));
        for (int i = 0; i < AckMatcher.DROP_INDEX_AFTER + 10; i++) { // in order long enough to drop the index
            SendCapture s = send(new RecordHeaders());
            assertSame(i == 0 ? sends.get(1) : s, matcher.match(null, i == 0 ? shared : s.headersRef, null));
            if (i == 0) {
                assertSame(s, matcher.match(null, s.headersRef, null));
            }
        }
        SendCapture a = send(shared);
        SendCapture b = send(new RecordHeaders());
        SendCapture c = send(shared);
        assertSame(b, matcher.match(null, b.headersRef, null)); // rebuilt index chains a and c
        assertSame(a, matcher.match(null, shared, null));
        assertSame(c, matcher.match(null, shared, null));
        assertEquals(0, matcher.pendingCount());
    }
}
