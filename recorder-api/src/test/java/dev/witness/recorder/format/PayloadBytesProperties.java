package dev.witness.recorder.format;

import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Header;
import dev.witness.recorder.event.Payload;
import dev.witness.recorder.event.Produce;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bytes form of {@link Payload} (kept as bytes to the encoder) stores exactly the bytes that
 * the text form of the same value stores, and classifies bytes as text exactly where the JDK's
 * strict UTF-8 decoder reads them (the rule the text form was built with).
 */
class PayloadBytesProperties {
    private static final SessionFields SESSION = new SessionFields("01JAAAAAAAAAAAAAAAAAAAAAAA", "kafka-producer",
            "kafka://b:9092");

    @Property(tries = 2000)
    void isTextIsTheStrictDecoderWithoutControlCharacters(@ForAll("anyBytes") byte[] b) {
        String strict = strictDecode(b);
        boolean expected = strict != null && strict.chars().noneMatch(c -> c < 0x20 && c != '\t' && c != '\n'
                && c != '\r' || c == 0x7F);
        assertEquals(expected, Payload.isText(b, 0, b.length));
    }

    @Property(tries = 1000)
    void bytesFormEncodesToTheSameLineAsTextForm(@ForAll("anyBytes") byte[] b) {
        boolean text = Payload.isText(b, 0, b.length);
        Payload bytesForm = Payload.ofBytes(b, text ? Payload.UTF8 : Payload.BASE64, b.length, false, null);
        Payload textForm = new Payload(text ? new String(b, StandardCharsets.UTF_8)
                : Base64.getEncoder().encodeToString(b), text ? Payload.UTF8 : Payload.BASE64, b.length, false, null);
        assertEquals(textForm, bytesForm);
        assertEquals(textForm.hashCode(), bytesForm.hashCode());
        assertArrayEquals(line(textForm), line(bytesForm));
        assertEquals(textForm, new EventDecoder().decode(line(bytesForm)).event() instanceof Produce p ? p.value() : null);
    }

    @Test
    void escapesAndLongValuesAreWrittenAsTheTextFormWritesThem() {
        for (String s : List.of("", "plain", "quote\" back\\slash\ttab\nnl\rcr", "ünïcode € 😀 中文",
                "x".repeat(999) + "\"" + "é".repeat(3000), "\u0001\u001f", "\u2028\u2029 /</script>")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(line(new Payload(s, Payload.UTF8, b.length, false, null)),
                    line(Payload.ofBytes(b, Payload.UTF8, b.length, false, null)), s);
        }
    }

    @Test
    void aUtf8PayloadRefusesBytesThatAreNotUtf8() {
        assertThrows(IllegalArgumentException.class,
                () -> Payload.ofBytes(new byte[]{(byte) 0xC3}, Payload.UTF8, 1, false, null));
        assertThrows(IllegalArgumentException.class,
                () -> Payload.ofBytes(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, Payload.UTF8, 3, false, null),
                "an encoded surrogate");
        assertFalse(Payload.isText(new byte[]{'a', 0x7F}, 0, 2));
        assertTrue(Payload.isText("a\tb".getBytes(StandardCharsets.UTF_8), 0, 3));
    }

    @Test
    void maskingRulesStillSeeTheText() {
        Masker upper = new Masker() {
            @Override
            public String mask(dev.witness.masking.MaskedField field, String value) {
                return value.toUpperCase();
            }
        };
        byte[] b = "secret".getBytes(StandardCharsets.UTF_8);
        Event e = produce(Payload.ofBytes(b, Payload.UTF8, b.length, false, null));
        EventEncoder encoder = new EventEncoder(upper);
        String line = new String(encoder.encode(SESSION, 1, e, encoder.genesis(SESSION.sessionId())),
                StandardCharsets.UTF_8);
        assertTrue(line.contains("\"text\":\"SECRET\""), line);
    }

    private static byte[] line(Payload value) {
        EventEncoder encoder = new EventEncoder(Masker.passThrough());
        return encoder.encode(SESSION, 1, produce(value), encoder.genesis(SESSION.sessionId()));
    }

    private static Event produce(Payload value) {
        return new Produce(1_700_000_000_000_000L, Identity.of("alice"), 1, "t", null, null,
                List.of(new Header("h", value)), value, value, "c", null);
    }

    private static String strictDecode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> utf8 = EventArbitraries.text().map(s -> s.getBytes(StandardCharsets.UTF_8));
        // valid text with one byte changed: near-misses of every multi-byte form
        Arbitrary<byte[]> mutated = Arbitraries.strings().withChars("aé€😀\u07ff\uffff\ud7ff\ue000").ofMinLength(1)
                .ofMaxLength(12).flatMap(s -> {
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    return Arbitraries.integers().between(0, b.length - 1).flatMap(i ->
                            Arbitraries.bytes().map(v -> {
                                byte[] c = b.clone();
                                c[i] = v;
                                return c;
                            }));
                });
        // ASCII words with one byte changed anywhere: the eight-bytes-at-a-time checks
        Arbitrary<byte[]> asciiMutated = Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(40).flatMap(s -> {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return Arbitraries.integers().between(0, b.length - 1).flatMap(i -> Arbitraries.bytes().map(v -> {
                byte[] c = b.clone();
                c[i] = v;
                return c;
            }));
        });
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(20);
        Arbitrary<byte[]> highBytes = Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF).array(byte[].class)
                .ofMinSize(1).ofMaxSize(6);
        return Arbitraries.oneOf(utf8, mutated, asciiMutated, raw, highBytes);
    }
}
