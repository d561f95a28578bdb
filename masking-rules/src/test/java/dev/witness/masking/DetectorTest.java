package dev.witness.masking;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each detector: true positives and near-miss negatives, through the built-in rules plus IPs. */
class DetectorTest {

    private static final RuleMasker MASKER = Maskers.fromString("""
            rules:
              - { name: card, detect: [card], strategy: redact }
              - { name: ssn, detect: [ssn], strategy: redact }
              - { name: iban, detect: [iban], strategy: redact }
              - { name: email, detect: [email], strategy: redact }
              - { name: phone, detect: [phone], strategy: redact }
              - { name: jwt, detect: [jwt], strategy: redact }
              - { name: aws-access-key, detect: [aws-access-key], strategy: redact }
              - { name: aws-secret-key, detect: [aws-secret-key], strategy: redact }
              - { name: github-token, detect: [github-token], strategy: redact }
              - { name: slack-token, detect: [slack-token], strategy: redact }
              - { name: stripe-key, detect: [stripe-key], strategy: redact }
              - { name: private-key, detect: [private-key], strategy: redact }
              - { name: password, detect: [password], strategy: redact }
              - { name: ipv4, detect: [ipv4], strategy: redact }
              - { name: ipv6, detect: [ipv6], strategy: redact }
            """, RulesFormat.YAML);

    private static String mask(String s) {
        return MASKER.mask(MaskedField.of(MaskedField.Kind.TEXT), s);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "card 4111111111111111 ok|card [card] ok",
        "card 4111 1111 1111 1111 exp|card [card] exp",
        "card 5500-0000-0000-0004.|card [card].",
        "amex 378282246310005|amex [card]",
        "mc2 2223003122003222 x|mc2 [card] x",
        "card 4111 1111 1111 1111 2025|card [card] 2025",
        "ssn 536-22-1234|ssn [ssn]",
        "SSN: 536221234|SSN: [ssn]",
        "iban DE89370400440532013000 x|iban [iban] x",
        "iban GB29 NWBK 6016 1331 9268 19.|iban [iban].",
        "mail bob.smith@example.co.uk!|mail [email]!",
        "call +1 415 555 0132 now|call [phone] now",
        "call (415) 555-0132|call [phone]",
        "call 415-555-0132|call [phone]",
        "ruf +49 30 1234567|ruf [phone]",
        "tel 020 7946 0958|tel [phone]",
        "tel 06 12 34 56 78|tel [phone]",
        "t eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U end|t [jwt] end",
        "id AKIAIOSFODNN7EXAMPLE.|id [aws-access-key].",
        "secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY|secret=[password]",
        "k wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY x|k [aws-secret-key] x",
        "gh 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|gh [github-token]",
        "slack xoxb-26335249202-334726372345-dJ0kqW8b4gfH8nK3yXcdrr7Y|slack [slack-token]",
        "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc|stripe [stripe-key]",
        "postgresql://app:s3cr3t@db:5432/x|postgresql://app:[password]@db:5432/x",
        "Server=db;Password=hunter22;Database=x|Server=db;Password=[password];Database=x",
        "{\"password\": \"hunter22\"}|{\"password\": \"[password]\"}",
        "from 10.0.12.7 to ::1|from [ipv4] to [ipv6]",
        "v6 2001:db8::8a2e:370:7334 up|v6 [ipv6] up",
    })
    void truePositives(String in, String expected) {
        assertEquals(expected, mask(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "order 4111111111111112 shipped",
        "order 1234567890123456",
        "invoice 9111111111111111",
        "ssn 000-12-3456",
        "ssn 666-12-3456",
        "ssn 912-12-3456",
        "ssn 536-00-1234",
        "id 536221234 no keyword",
        "iban DE89370400440532013001",
        "iban XX89370400440532013000",
        "at user@localhost only",
        "decorator @Override",
        "count 1234567890",
        "date 2024-01-15 10:30:00",
        "call 115-555-0132",
        "t eyJhbGciOiJIUzI1NiJ9 alone",
        "t eyJub3QiOiJqd3QifQ.eyJ4IjoxfQ.c2ln",
        "id AKIAIOSFODNN7EXAMPL",
        "sha da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "gh ghp_short",
        "slack xoxb-123-456-abc",
        "stripe pk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "-----BEGIN PUBLIC KEY-----",
        "WHERE password = ?",
        "password authentication failed for user bob",
        "password=${DB_PASSWORD}",
        "version 1.2.3.4.5",
        "at 10:30:45",
        "ip 256.1.1.1",
    })
    void nearMissesUntouched(String in) {
        assertEquals(in, mask(in));
    }

    @org.junit.jupiter.api.Test
    void privateKeyBlockIsMaskedWhole() {
        String key = new Secrets(3).privateKey();
        assertEquals("key:\n[private-key]\nend", mask("key:\n" + key + "\nend"));
        assertEquals("[private-key]", mask(key.substring(0, 60)));
    }
}
