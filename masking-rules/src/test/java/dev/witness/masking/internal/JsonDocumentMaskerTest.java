package dev.witness.masking.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The scanner against jackson-core, the parser it replaced: it accepts exactly the documents
 * jackson's default parser accepts, masks exactly the values an independent path matcher over
 * jackson's tokens selects, and gives the same result over a String (ISO-8859-1 copy or chars in
 * place) as over its UTF-8 bytes.
 */
class JsonDocumentMaskerTest {

    private static final JsonFactory JACKSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build()).build();

    /** Marks what it masks with the value, so a test sees which values were selected, by which path. */
    private record Tag(String name) implements Strategy {
        @Override
        public String apply(String value) {
            return value.startsWith("<" + name + ":") ? value : "<" + name + ":" + value + ">";
        }

        @Override
        public String kind() {
            return "tag";
        }
    }

    private static JsonDocumentMasker masker(List<String> paths, boolean redact) {
        List<JsonDocumentMasker.PathBinding> bindings = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            Strategy s = redact ? new RedactStrategy("r" + i) : new Tag("p" + i);
            bindings.add(new JsonDocumentMasker.PathBinding(JsonPath.parse(paths.get(i)), s));
        }
        return new JsonDocumentMasker(bindings, new TextMasker(List.of()));
    }

    private static boolean jacksonAccepts(String doc) {
        try (JsonParser p = JACKSON.createParser(doc)) {
            while (p.nextToken() != null) {
                p.getText();
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- generators

    @Provide
    Arbitrary<String> key() {
        return Arbitraries.of("a", "b", "email", "card", "x y", "é", "名前", "what?", "em\\u0061il", "😀", "");
    }

    @Provide
    Arbitrary<String> scalar() {
        return Arbitraries.of("1", "-0.5e+3", "0", "true", "false", "null", "\"s\"", "\"Zürich\"", "\"名前\"",
                "\"tab\\there\"", "\"\\u00e9\\\"q\\\\\"", "\"😀 smile\"", "\"4111 1111 1111 1111\"", "\"\"");
    }

    Arbitrary<String> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        Arbitrary<String> object = Combinators.combine(key(), Arbitraries.lazy(() -> value(depth - 1)))
                .as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
                .map(members -> "{" + String.join(",", members) + "}");
        Arbitrary<String> array = Arbitraries.lazy(() -> value(depth - 1)).list().ofMaxSize(4)
                .map(items -> "[" + String.join(", ", items) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalar()), net.jqwik.api.Tuple.of(3, object), net.jqwik.api.Tuple.of(2, array));
    }

    @Provide
    Arbitrary<String> document() {
        return value(4).map(v -> v.startsWith("{") || v.startsWith("[") ? v : "[" + v + "]");
    }

    @Provide
    Arbitrary<List<String>> paths() {
        return Arbitraries.of("$..email", "$..card", "$.a", "$.a.b", "$['x y']", "$..é", "$..名前", "$['what?']",
                "$.a[1]", "$.b[*]", "$.a.*", "$..a.b", "$..😀", "$['']", "$..*").list().ofMinSize(1).ofMaxSize(4);
    }

    /** A valid document with one edit that may make it invalid (or not). */
    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(document(), Arbitraries.integers().between(0, 10_000),
                Arbitraries.of("", ",", "]", "}", ":", "\"", "\\", "x", "01", "1.", "-", "\u0001", " ", "\n", "\u00a0",
                        "[", "{", "tru", "nul", "1e", "\\u12", "\\x", "{}", "1", "\uFEFF"),
                Arbitraries.integers().between(0, 2)).as((doc, at, piece, drop) -> {
                    int i = at % (doc.length() + 1);
                    return doc.substring(0, i) + piece + doc.substring(Math.min(doc.length(), i + drop));
                });
    }

    // ---- properties

    @Property(tries = 1000)
    void acceptsExactlyWhatJacksonAccepts(@ForAll("mutated") String doc) {
        JsonDocumentMasker m = masker(List.of("$..email"), false);
        boolean valid = jacksonAccepts(doc);
        assertEquals(valid, m.mask(doc) != null, () -> "String: " + doc);
        assertEquals(valid, m.mask(doc.getBytes(StandardCharsets.UTF_8)) != null, () -> "bytes: " + doc);
    }

    @Property(tries = 1000)
    void masksWhatThePathsSelectAndNothingElse(@ForAll("document") String doc, @ForAll("paths") List<String> paths) {
        String expected = Oracle.mask(doc, paths);
        String masked = masker(paths, false).mask(doc);
        assertEquals(expected, masked, () -> paths + " on " + doc);
        assertEquals(jacksonAccepts(masked), true, masked);
        if (expected.equals(doc)) {
            assertSame(doc, masked, "untouched documents come back as the same reference");
        }
    }

    @Property(tries = 1000)
    void bytesAndStringsGiveTheSameResult(@ForAll("document") String doc, @ForAll("paths") List<String> paths,
                                          @ForAll boolean redact) {
        JsonDocumentMasker m = masker(paths, redact);
        byte[] bytes = doc.getBytes(StandardCharsets.UTF_8);
        String fromString = m.mask(doc);
        byte[] fromBytes = m.mask(bytes);
        assertEquals(fromString, utf8(fromBytes), () -> paths + " on " + doc);
        if (fromString == doc) {
            assertSame(bytes, fromBytes);
        }
        // masking the masked document again changes nothing
        assertSame(fromString, m.mask(fromString));
    }

    // ---- examples

    @Test
    void redactionMarkersAndTypes() {
        JsonDocumentMasker m = masker(List.of("$..card", "$.n", "$.t"), true);
        assertEquals("{\"card\": \"[r0]\", \"n\": \"[r1]\", \"t\": \"[r2]\", \"z\": null}",
                m.mask("{\"card\": \"4111\", \"n\": 12.5e3, \"t\": true, \"z\": null}"));
        String done = "{\"card\":\"[r0]\"}";
        assertSame(done, m.mask(done));
    }

    @Test
    void escapedKeysMatchTheirNames() {
        JsonDocumentMasker m = masker(List.of("$..email"), true);
        assertEquals("{\"em\\u0061il\":\"[r0]\"}", m.mask("{\"em\\u0061il\":\"a@b.co\"}"));
        assertEquals("{\"em\\u0061il\":\"[r0]\"}", utf8(m.mask("{\"em\\u0061il\":\"a@b.co\"}".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void theFirstPathInFileOrderWins() {
        JsonDocumentMasker m = masker(List.of("$.a.b", "$.a"), false);
        assertEquals("{\"a\":{\"b\":\"<p0:1>\",\"c\":\"<p1:2>\"}}", m.mask("{\"a\":{\"b\":1,\"c\":2}}"));
    }

    @Test
    void nestingLimitIsJacksons() {
        String ok = "[".repeat(JsonDocumentMasker.MAX_DEPTH) + "]".repeat(JsonDocumentMasker.MAX_DEPTH);
        String deep = "[".repeat(JsonDocumentMasker.MAX_DEPTH + 1) + "]".repeat(JsonDocumentMasker.MAX_DEPTH + 1);
        JsonDocumentMasker m = masker(List.of("$..a"), true);
        assertEquals(jacksonAccepts(ok), m.mask(ok) != null);
        assertNotNull(m.mask(ok));
        assertNull(m.mask(deep));
        assertNull(m.mask(deep.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void untouchedBytesStayByteForByteEvenWhenNotUtf8() {
        JsonDocumentMasker m = masker(List.of("$.s"), true);
        byte[] in = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',', '"', 's', '"', ':', '1', '}'};
        byte[] expected = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', ',', '"', 's', '"', ':',
                '"', '[', 'r', '0', ']', '"', '}'};
        assertArrayEquals(expected, m.mask(in));
    }

    @Test
    void stringsWithCharsBeyondLatin1AndSurrogatePairs() {
        JsonDocumentMasker m = masker(List.of("$..名前", "$['what?']"), true);
        assertEquals("{\"名前\":\"[r0]\",\"what?\":\"[r1]\",\"wha名\":2}", m.mask("{\"名前\":\"x\",\"what?\":1,\"wha名\":2}"));
        assertEquals("{\"😀\":1,\"名前\":\"[r0]\"}", m.mask("{\"😀\":1,\"名前\":\"y\"}"));
    }

    /**
     * An independent model: jackson's tokens, the names and indexes of the path to each scalar,
     * and each path matched recursively against them (the way the engine matched before the
     * automaton); the output re-spliced at jackson's offsets.
     */
    static final class Oracle {
        static String mask(String doc, List<String> pathTexts) {
            List<JsonPath> paths = pathTexts.stream().map(JsonPath::parse).toList();
            StringBuilder out = new StringBuilder();
            int at = 0;
            List<String> names = new ArrayList<>();
            List<Integer> indexes = new ArrayList<>();
            try (JsonParser p = JACKSON.createParser(doc)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        names.remove(names.size() - 1);
                        indexes.remove(indexes.size() - 1);
                        continue;
                    }
                    if (t == JsonToken.FIELD_NAME) {
                        names.set(names.size() - 1, p.currentName());
                        continue;
                    }
                    int depth = names.size();
                    if (depth > 0 && names.get(depth - 1) == null) {
                        indexes.set(depth - 1, indexes.get(depth - 1) + 1);
                    }
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        names.add(t == JsonToken.START_OBJECT ? "" : null);
                        indexes.add(-1);
                        continue;
                    }
                    int chosen = -1;
                    for (int i = 0; i < paths.size() && chosen < 0; i++) {
                        if (matches(paths.get(i).segments(), 0, names, indexes, 0)) {
                            chosen = i;
                        }
                    }
                    if (chosen < 0 || t == JsonToken.VALUE_NULL) {
                        continue;
                    }
                    String value = p.getText();
                    String masked = new Tag("p" + chosen).apply(value);
                    if (masked.equals(value)) {
                        continue;
                    }
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    int end = t == JsonToken.VALUE_STRING ? stringEnd(doc, start) : literalEnd(doc, start);
                    StringBuilder q = new StringBuilder("\"");
                    JsonStringEncoder.getInstance().quoteAsString(masked, q);
                    out.append(doc, at, start).append(q).append('"');
                    at = end;
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return at == 0 ? doc : out.append(doc, at, doc.length()).toString();
        }

        private static boolean matches(JsonPath.Segment[] segs, int seg, List<String> names, List<Integer> indexes,
                                       int level) {
            if (seg == segs.length) {
                return true;
            }
            if (level == names.size()) {
                return false;
            }
            JsonPath.Segment s = segs[seg];
            if (s.deep()) {
                for (int l = level; l < names.size(); l++) {
                    if (step(s, names.get(l), indexes.get(l)) && matches(segs, seg + 1, names, indexes, l + 1)) {
                        return true;
                    }
                }
                return false;
            }
            return step(s, names.get(level), indexes.get(level)) && matches(segs, seg + 1, names, indexes, level + 1);
        }

        private static boolean step(JsonPath.Segment s, String name, int index) {
            if (s.wildcard()) {
                return true;
            }
            if (s.name() != null) {
                return s.name().equals(name);
            }
            return name == null && s.index() == index;
        }

        private static int stringEnd(String json, int quoteAt) {
            int i = quoteAt + 1;
            while (json.charAt(i) != '"') {
                i += json.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        private static int literalEnd(String json, int start) {
            int i = start;
            while (i < json.length() && "0123456789+-.eEtruefalsn".indexOf(json.charAt(i)) >= 0) {
                i++;
            }
            return i;
        }
    }
}
