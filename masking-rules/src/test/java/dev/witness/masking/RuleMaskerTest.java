package dev.witness.masking;

import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.internal.Ff1Strategy;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Selection, scoping and strategies through the public API, using the example of docs/masking.md. */
class RuleMaskerTest {

    static final String EXAMPLE = """
            version: 1
            keys:
              hash: hex:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
              fpe: hex:2b7e151628aed2a6abf7158809cf4f3c
            rules:
              - name: ssn
                columns: [users.ssn, "*.social_security_number"]
                detect: [ssn]
                strategy: redact
              - name: card
                columns: [payments.pan]
                columnPattern: "(?i)card_?number"
                jsonPaths: ["$.payment.card", "$..pan"]
                detect: [card]
                strategy: partial
                keepSuffix: 4
              - name: customer-email
                columns: [customers.email]
                jsonPaths: ["$.customer.email"]
                strategy: hash
              - name: legacy-account
                parameters:
                  - sql: "(?i)^call legacy_transfer"
                    positions: [2]
                strategy: fpe
              - name: auth-headers
                headers: [authorization]
                headerPattern: "(?i)^x-secret-"
                strategy: redact
              - name: payment-keys
                when: { topic: "payments.*" }
                kafkaKey: true
                strategy: hash
              - name: secrets
                detect: [password, jwt, aws-access-key, aws-secret-key, github-token, slack-token, stripe-key, private-key]
                strategy: redact
              - name: contact
                when: { kinds: [error_message, text, kafka_value] }
                detect: [email, phone]
                strategy: redact
            """;

    private final RuleMasker masker = Maskers.fromString(EXAMPLE, RulesFormat.YAML);

    @Test
    void resultColumnsByTableColumnLabelAndPattern() {
        assertEquals("[ssn]", masker.mask(new MaskedField(Kind.RESULT_VALUE, null, null, "users", "ssn", 3), "x"));
        assertEquals("[ssn]", masker.mask(new MaskedField(Kind.RESULT_VALUE, null, null, "hr.staff", "SOCIAL_SECURITY_NUMBER", 1), "x"));
        assertEquals("************1111", masker.mask(new MaskedField(Kind.RESULT_VALUE, null, null, null, "CardNumber", 1),
                "4111111111111111"));
        String other = "plain value";
        assertSame(other, masker.mask(new MaskedField(Kind.RESULT_VALUE, null, null, "users", "name", 2), other));
    }

    @Test
    void parameterBoundByColumnFromTheStatement() {
        String sql = "INSERT INTO users (name, ssn) VALUES (?, ?)";
        assertEquals("[ssn]", masker.mask(MaskedField.parameter(sql, 2), "anything"));
        String name = "Ada";
        assertSame(name, masker.mask(MaskedField.parameter(sql, 1), name));
        assertEquals("[ssn]", masker.mask(MaskedField.parameter("UPDATE users SET ssn = ? WHERE id = ?", 1), "x"));
    }

    @Test
    void parameterByPositionAndFpeIsReversibleWithTheKey() {
        String sql = "CALL legacy_transfer(?, ?)";
        String masked = masker.mask(MaskedField.parameter(sql, 2), "4111-2222-3333");
        assertNotEquals("4111-2222-3333", masked);
        assertTrue(masked.matches("\\d{4}-\\d{4}-\\d{4}"), masked);
        Ff1Strategy ff1 = new Ff1Strategy(HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c"), "legacy-account");
        assertEquals("4111-2222-3333", ff1.decrypt(masked));
        assertEquals("10", masker.mask(MaskedField.parameter(sql, 1), "10"));
    }

    @Test
    void hashIsKeyedDeterministicAndIdempotent() {
        MaskedField f = new MaskedField(Kind.RESULT_VALUE, null, null, "customers", "email", 1);
        String a = masker.mask(f, "ada@example.com");
        assertEquals(a, masker.mask(f, "ada@example.com"));
        assertTrue(a.matches("hmac:[0-9a-f]{32}"), a);
        assertSame(a, masker.mask(f, a));
        assertNotEquals(a, masker.mask(f, "bob@example.com"));
    }

    @Test
    void kafkaHeadersKeysAndTopicScope() {
        assertEquals("[auth-headers]", masker.mask(new MaskedField(Kind.KAFKA_HEADER, null, "orders", null, "Authorization", 0), "Bearer x"));
        assertEquals("[auth-headers]", masker.mask(new MaskedField(Kind.KAFKA_HEADER, null, "orders", null, "X-Secret-Tenant", 0), "t1"));
        String key = "acct-42";
        assertTrue(masker.mask(new MaskedField(Kind.KAFKA_KEY, null, "payments.eu", null, null, 0), key).startsWith("hmac:"));
        assertSame(key, masker.mask(new MaskedField(Kind.KAFKA_KEY, null, "orders", null, null, 0), key));
    }

    @Test
    void jsonPathsKeepStructureAndTypes() {
        MaskedField f = new MaskedField(Kind.KAFKA_VALUE, null, "orders", null, null, 0);
        String in = "{ \"payment\": {\"card\": \"4111111111111111\", \"amount\": 12.50},\n"
                + "  \"items\": [{\"pan\": 5500000000000004}], \"customer\": {\"email\": \"ada@example.com\"},"
                + " \"note\": \"call +44 20 7946 0958\", \"ok\": true, \"none\": null }";
        String out = masker.mask(f, in);
        assertEquals("{ \"payment\": {\"card\": \"************1111\", \"amount\": 12.50},\n"
                + "  \"items\": [{\"pan\": \"************0004\"}], \"customer\": {\"email\": \""
                + masker.mask(new MaskedField(Kind.RESULT_VALUE, null, null, "customers", "email", 1), "ada@example.com")
                + "\"}, \"note\": \"call [contact]\", \"ok\": true, \"none\": null }", out);
    }

    @Test
    void detectorsInSqlTextKeepOneLine() {
        String sql = "SELECT * FROM users WHERE ssn = '536-22-1234' AND token = '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'";
        assertEquals("SELECT * FROM users WHERE ssn = '[ssn]' AND token = '[secrets]'",
                masker.mask(MaskedField.of(Kind.SQL_TEXT), sql));
    }

    @Test
    void kindsScopeDetectors() {
        String sql = "SELECT 'ada@example.com'";
        assertSame(sql, masker.mask(MaskedField.of(Kind.SQL_TEXT), sql));
        assertEquals("duplicate key [contact]", masker.mask(MaskedField.of(Kind.ERROR_MESSAGE), "duplicate key ada@example.com"));
    }

    @Test
    void byteArrayJsonIsTheSameArrayWhenUntouched() {
        byte[] doc = "{\"a\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertSame(doc, masker.maskJson(MaskedField.of(Kind.KAFKA_VALUE), doc));
    }

    @Test
    void loadBuiltinAndInvalidJsonFallsBackToText() {
        RuleMasker builtin = Maskers.load("builtin");
        assertEquals("{\"a\": [card] broken", builtin.mask(MaskedField.of(Kind.KAFKA_VALUE), "{\"a\": 4111111111111111 broken"));
        assertTrue(builtin.ruleNames().contains("credential"));
    }
}
