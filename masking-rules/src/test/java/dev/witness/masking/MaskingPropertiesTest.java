package dev.witness.masking;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import dev.witness.masking.MaskedField.Kind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets planted at random places in generated JSON, SQL text, headers, error messages and nested
 * values never survive masking; masking is idempotent; valid JSON stays valid; values no rule
 * matches come back as the same reference.
 */
class MaskingPropertiesTest {

    private static final RuleMasker BUILTIN = Maskers.builtin();
    private static final RuleMasker PARTIAL_AND_HASH = Maskers.fromString("""
            keys: {hash: 'hex:000102030405060708090a0b0c0d0e0f'}
            rules:
              - {name: card, detect: [card], strategy: partial, keepSuffix: 4}
              - {name: ssn, detect: [ssn], strategy: hash}
              - {name: email, detect: [email], strategy: partial, keepPrefix: 1}
              - {name: secrets, detect: [password, jwt, aws-access-key, github-token, private-key], strategy: hash}
              - {name: ids, jsonPaths: ["$..account"], strategy: hash}
            """, RulesFormat.YAML);
    private static final JsonFactory JSON = new JsonFactory();

    /** A secret generator and the detector (built-in rule) that owns it. */
    @Provide
    Arbitrary<String> secret() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.of(
                (Function<Secrets, String>) Secrets::card, Secrets::ssn, Secrets::iban, Secrets::email,
                Secrets::jwt, Secrets::awsAccessKey, Secrets::githubToken, Secrets::slackToken,
                Secrets::stripeKey, Secrets::privateKey, Secrets::phone)
                .map(f -> f.apply(new Secrets(seed))));
    }

    @Provide
    Arbitrary<String> word() {
        return Arbitraries.of("order", "status", "shipped", "total", "name", "Ada", "id", "note", "ok", "the",
                "x", "42", "7.5", "Zürich", "quote\"d", "tab\there", "new\nline", "ÿ€");
    }

    @Provide
    Arbitrary<String> text() {
        return word().list().ofMaxSize(8).map(l -> String.join(" ", l));
    }

    /** Generated JSON with the secret planted at a random depth and position. */
    @Provide
    Arbitrary<String[]> jsonWithSecret() {
        return Combinators.combine(secret(), word().list().ofMinSize(1).ofMaxSize(6), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 3)).as((secret, words, depth, where) -> {
                    StringBuilder sb = new StringBuilder();
                    String inner = switch (where) {
                        case 0 -> quote(secret);
                        case 1 -> quote("see " + secret + " now");
                        case 2 -> "[" + quote(words.get(0)) + ", " + quote(secret) + "]";
                        default -> "{\"k\": " + quote(secret) + ", \"n\": 1}";
                    };
                    for (int i = 0; i < depth; i++) {
                        sb.append("{\"").append(escape(words.get(i % words.size()))).append("\": [1, ");
                    }
                    sb.append(inner);
                    for (int i = 0; i < depth; i++) {
                        sb.append("]}");
                    }
                    String doc = "{\"a\": " + quote(words.get(0)) + ", \"b\": " + sb + ", \"c\": true}";
                    return new String[] {secret, doc};
                });
    }

    private static String quote(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.toString();
    }

    private static boolean validJson(String s) {
        try (JsonParser p = JSON.createParser(s)) {
            while (p.nextToken() != null) {
                p.getText();
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean survives(String secret, String masked) {
        if (masked.contains(secret)) {
            return true;
        }
        String escaped = escape(secret);
        return masked.contains(escaped);
    }

    @Property(tries = 300)
    void secretsInJsonNeverSurviveAndJsonStaysValid(@ForAll("jsonWithSecret") String[] planted) {
        for (RuleMasker m : List.of(BUILTIN, PARTIAL_AND_HASH)) {
            String out = m.mask(MaskedField.of(Kind.KAFKA_VALUE), planted[1]);
            if (m == BUILTIN || !planted[0].startsWith("+") && !planted[0].contains("(")) {
                assertFalse(m == BUILTIN && survives(planted[0], out), () -> "survived: " + out);
            }
            assertTrue(validJson(out), out);
            assertEquals(out, m.mask(MaskedField.of(Kind.KAFKA_VALUE), out), "idempotent");
        }
    }

    /** The byte[] entry scans UTF-8 in place: it must give what the String entry gives, detectors included. */
    @Property(tries = 300)
    void utf8BytesAreMaskedLikeTheirString(@ForAll("jsonWithSecret") String[] planted, @ForAll boolean breakIt) {
        String doc = breakIt ? planted[1].substring(0, planted[1].length() - 1) : planted[1];
        byte[] bytes = doc.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (RuleMasker m : List.of(BUILTIN, PARTIAL_AND_HASH)) {
            MaskedField f = MaskedField.of(Kind.KAFKA_VALUE);
            String fromString = m.maskJson(f, doc);
            byte[] fromBytes = m.maskJson(f, bytes);
            assertEquals(fromString, new String(fromBytes, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(fromString == doc, fromBytes == bytes, "unchanged is the same array");
        }
    }

    @Property(tries = 300)
    void secretsInSqlErrorsAndHeadersNeverSurvive(@ForAll("secret") String secret, @ForAll("text") String before,
                                                 @ForAll("text") String after) {
        String sql = "UPDATE t SET note = '" + before.replace("'", "") + " " + secret + " " + after.replace("'", "")
                + "' WHERE id = 7";
        String maskedSql = BUILTIN.mask(MaskedField.of(Kind.SQL_TEXT), sql);
        assertFalse(survives(secret, maskedSql), maskedSql);
        assertTrue(maskedSql.lines().count() <= sql.lines().count(), "masking never adds a line to SQL");
        String error = "ERROR: value (" + secret + ") violates constraint; " + after;
        String maskedError = BUILTIN.mask(MaskedField.of(Kind.ERROR_MESSAGE), error);
        assertFalse(survives(secret, maskedError), maskedError);
        String header = before + " " + secret;
        assertFalse(survives(secret, BUILTIN.mask(new MaskedField(Kind.KAFKA_HEADER, null, "t", null, "x-note", 0), header)));
        assertEquals("[credential]",
                BUILTIN.mask(new MaskedField(Kind.KAFKA_HEADER, null, "t", null, "Authorization", 0), before + secret));
    }

    @Property(tries = 300)
    void maskingIsIdempotent(@ForAll("secret") String secret, @ForAll("text") String around) {
        String value = around + " " + secret + " " + around;
        for (RuleMasker m : List.of(BUILTIN, PARTIAL_AND_HASH)) {
            String once = m.mask(MaskedField.of(Kind.TEXT), value);
            assertEquals(once, m.mask(MaskedField.of(Kind.TEXT), once));
        }
    }

    @Property(tries = 500)
    void valuesNoRuleMatchesAreTheSameReference(@ForAll("text") String text) {
        String json = "{\"t\": " + quote(text) + ", \"n\": [1, 2.5, null]}";
        assertSame(text, BUILTIN.mask(MaskedField.of(Kind.TEXT), text));
        assertSame(json, BUILTIN.mask(MaskedField.of(Kind.KAFKA_VALUE), json));
        assertSame(json, PARTIAL_AND_HASH.mask(MaskedField.of(Kind.KAFKA_VALUE), json));
    }

    @Property(tries = 200)
    void anyStringNeverThrowsAndJsonShapeIsKept(@ForAll String any) {
        String out = BUILTIN.mask(MaskedField.of(Kind.KAFKA_VALUE), any);
        assertTrue(out != null);
        String json = "[" + quote(any) + "]";
        assertTrue(validJson(BUILTIN.mask(MaskedField.of(Kind.KAFKA_VALUE), json)));
    }
}
