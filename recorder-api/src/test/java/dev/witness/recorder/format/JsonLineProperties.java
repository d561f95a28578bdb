package dev.witness.recorder.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The stored line's JSON writer: whatever it writes is valid JSON that reads back to what was written. */
class JsonLineProperties {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000)
    void anyJavaStringReadsBackTheSame(@ForAll("strings") String s) throws Exception {
        JsonLine j = new JsonLine(8);
        j.startObject();
        j.field(JsonLine.name("s"));
        j.value(s);
        j.field(JsonLine.name("o"));
        j.startObject();
        j.field(s); // as a field name too
        j.number(s.length());
        j.endObject();
        j.endObject();
        JsonNode n = JSON.readTree(j.toByteArray());
        assertEquals(s, n.get("s").asText());
        assertEquals(s.length(), n.get("o").get(s).asInt());
    }

    @Property(tries = 2000)
    void validUtf8BytesAreWrittenAsTheirString(@ForAll("validStrings") String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        JsonLine fromBytes = new JsonLine(8);
        fromBytes.utf8Value(utf8, 0, utf8.length);
        JsonLine fromString = new JsonLine(8);
        fromString.value(s);
        assertArrayEquals(fromString.toByteArray(), fromBytes.toByteArray());
    }

    @Property(tries = 3000)
    void theEightBytesAtATimeCheckAgreesWithTheByteByByteOne(@ForAll("bytes") byte[] b) {
        boolean naive = false;
        for (byte x : b) {
            naive |= x < 0x20 || x == '"' || x == '\\';
        }
        assertEquals(naive, JsonLine.needsEscape(b, 0, b.length), () -> Arrays.toString(b));
    }

    @Property(tries = 500)
    void numbersBooleansNullsBase64AndNesting(@ForAll long a, @ForAll("bytes") byte[] raw) throws Exception {
        JsonLine j = new JsonLine(4);
        j.startObject();
        j.field(JsonLine.name("a"));
        j.number(a);
        j.field(JsonLine.name("list"));
        j.startArray();
        j.bool(true);
        j.nullValue();
        j.startObject();
        j.endObject();
        j.startArray();
        j.endArray();
        j.base64Value(raw, 0, raw.length);
        j.endArray();
        j.endObject();
        JsonNode n = JSON.readTree(j.toByteArray());
        assertEquals(a, n.get("a").asLong());
        List<JsonNode> list = List.of(n.get("list").get(0), n.get("list").get(1), n.get("list").get(4));
        assertTrue(list.get(0).asBoolean());
        assertTrue(list.get(1).isNull());
        assertEquals(0, n.get("list").get(2).size());
        assertArrayEquals(raw, Base64.getDecoder().decode(list.get(2).asText()));
    }

    @Provide
    Arbitrary<String> strings() {
        // every char, lone surrogates included, and plenty of the ones JSON escapes
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(80),
                Arbitraries.strings().withChars("\"\\\u0000\u001f\u007f\u0080\u00e9\u2028\ud83d\ude00abc/").ofMaxLength(40),
                Arbitraries.strings().ascii().ofMaxLength(200));
    }

    @Provide
    Arbitrary<String> validStrings() {
        // strings that have a UTF-8 form: no unpaired surrogates
        return strings().filter(s -> s.equals(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e).array(byte[].class).ofMaxSize(70));
    }
}
