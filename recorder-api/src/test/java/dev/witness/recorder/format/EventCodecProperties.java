package dev.witness.recorder.format;

import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.SessionEnd;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.Produce;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecProperties {
    private static final SessionFields SESSION = new SessionFields("01JAAAAAAAAAAAAAAAAAAAAAAA", "jdbc", "h2:mem:x");

    @Property(tries = 600)
    void everyEventRoundTrips(@ForAll("events") Event event) {
        EventEncoder encoder = new EventEncoder(Masker.passThrough());
        String prev = encoder.genesis(SESSION.sessionId());
        byte[] line = encoder.encode(SESSION, 7, event, prev);

        RecordedEvent decoded = new EventDecoder().decode(line);

        assertEquals(event, decoded.event());
        assertEquals(7, decoded.sequence());
        assertEquals(SESSION.sessionId(), decoded.sessionId());
        assertEquals(prev, decoded.prev());
        assertEquals(encoder.lastHash(), decoded.hash());
        assertEquals(encoder.lastHash(), new LineHash().recompute(line), "hash covers the exact stored bytes");
        for (byte b : line) {
            assertTrue(b != '\n' && b != '\r', "one event is one line");
        }
    }

    @Property(tries = 100)
    void sessionEndCarriesTheChainsCountAndLastHash(@ForAll("times") long time) {
        EventEncoder encoder = new EventEncoder(Masker.passThrough());
        String prev = "ab".repeat(32);
        byte[] line = encoder.encode(SESSION, 42, new SessionEnd(time, null, 0, null), prev);
        assertEquals(new SessionEnd(time, null, 42, prev), new EventDecoder().decode(line).event());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Event> events() {
        return EventArbitraries.events();
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> times() {
        return EventArbitraries.time();
    }

    @Test
    void tenMegabyteValuesRoundTrip() {
        String big = "x€".repeat(5 * 1024 * 1024);
        Event e = new Produce(1, Identity.of("alice"), 1, "t", null, null, List.of(), null,
                new Payload(big, Payload.UTF8, big.length(), false, null), null, null);
        EventEncoder encoder = new EventEncoder(Masker.passThrough());
        byte[] line = encoder.encode(SESSION, 0, e, encoder.genesis(SESSION.sessionId()));
        assertTrue(line.length > 10_000_000);
        assertEquals(e, new EventDecoder().decode(line).event());
    }

    @Test
    void linesAreReadableJsonWithTheDocumentedFields() {
        EventEncoder encoder = new EventEncoder(Masker.passThrough());
        byte[] line = encoder.encode(SESSION, 0, new Statement(1_700_000_000_123_456L, Identity.of("alice"), 3,
                "query", "select 1", 1500), encoder.genesis(SESSION.sessionId()));
        String text = new String(line, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"v\":1,\"sid\":\"" + SESSION.sessionId() + "\",\"seq\":0,"
                + "\"ts\":\"2023-11-14T22:13:20.123456Z\",\"type\":\"statement\",\"who\":{\"principal\":\"alice\"},"
                + "\"call\":3,\"kind\":\"query\",\"sql\":\"select 1\",\"dur_ns\":1500,\"prev\":\""), text);
        assertTrue(text.endsWith("\"}"));
    }

    @Test
    void maskerSeesEveryValueAndItsMaskedFormIsStored() {
        Masker secretsOut = (field, value) -> value.replace("s3cret", "[masked]");
        EventEncoder encoder = new EventEncoder(secretsOut);
        byte[] line = encoder.encode(SESSION, 0, new Statement(1, Identity.of("alice").with("ticket", "s3cret"), 1,
                "query", "select 's3cret'", 1), encoder.genesis(SESSION.sessionId()));
        String text = new String(line, StandardCharsets.UTF_8);
        assertFalse(text.contains("s3cret"), text);
        assertNotNull(new EventDecoder().decode(line));
    }
}
