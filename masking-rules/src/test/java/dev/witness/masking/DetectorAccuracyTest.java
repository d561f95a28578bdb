package dev.witness.masking;

import dev.witness.masking.MaskedField.Kind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precision and recall of each detector on a labelled corpus generated here (seeded, so the
 * figures are reproducible): true values in realistic sentences, and look-alikes that a regex
 * alone would take (order numbers failing Luhn, invalid SSN areas, IBANs with a wrong check,
 * hex digests, publishable keys, placeholders). The table is written to
 * target/detector-accuracy.md and copied into docs/masking.md.
 */
class DetectorAccuracyTest {

    private static final int SAMPLES = 2_000;
    private static final String[] TEMPLATES = {
        "Customer said: %s, please update the record.",
        "ERROR: duplicate key value violates unique constraint; Key (v)=(%s) already exists.",
        "{\"note\": \"%s\", \"status\": \"open\"}",
        "UPDATE accounts SET memo = '%s' WHERE id = 42",
        "%s",
    };

    private record Case(String detector, Function<Secrets, String> positive, Function<Secrets, String> negative) {
    }

    private static final Case[] CASES = {
        new Case("card", Secrets::formattedCard, s -> s.nextBoolean() ? s.luhnFailing() : "ORD-" + s.digits(12)),
        new Case("ssn", Secrets::ssn, s -> s.nextBoolean() ? s.invalidSsn() : s.digits(3) + "-" + s.digits(3) + "-" + s.digits(3)),
        new Case("iban", Secrets::iban, Secrets::ibanBadCheck),
        new Case("email", Secrets::email, s -> s.nextBoolean() ? "@" + s.alnum(6) : "user@" + s.alnum(5)),
        new Case("phone", Secrets::phone, s -> s.nextBoolean() ? "2024-" + s.digits(2) + "-" + s.digits(2) : "v" + s.digits(1) + "." + s.digits(2) + "." + s.digits(3)),
        new Case("jwt", Secrets::jwt, s -> "eyJ" + s.alnum(20) + "." + s.alnum(10) + "." + s.alnum(10)),
        new Case("aws-access-key", Secrets::awsAccessKey, s -> "AKIA" + s.alnum(12)),
        new Case("aws-secret-key", Secrets::awsSecretKey, s -> s.digits(40).replace('0', 'a').replace('1', 'f')),
        new Case("github-token", Secrets::githubToken, s -> "ghp_" + s.alnum(20)),
        new Case("slack-token", Secrets::slackToken, s -> "xoxb-" + s.alnum(10)),
        new Case("stripe-key", Secrets::stripeKey, s -> "pk_live_" + s.alnum(24)),
        new Case("private-key", Secrets::privateKey, s -> "-----BEGIN PUBLIC KEY-----\n" + s.alnum(64) + "\n-----END PUBLIC KEY-----"),
        new Case("password", s -> "postgresql://app:" + s.alnum(12) + "@db:5432/x", s -> "password=?"),
        new Case("ipv4", Secrets::ipv4, s -> (1 + s.nextInt(9)) + "." + s.nextInt(10) + "." + s.nextInt(10) + "." + s.nextInt(10) + "." + s.nextInt(10)),
        new Case("ipv6", Secrets::ipv6, s -> s.nextInt(24) + ":" + s.nextInt(60) + ":" + s.nextInt(60)),
    };

    @Test
    void measurePrecisionAndRecall() throws IOException {
        StringBuilder table = new StringBuilder(
                "| detector | samples (+/-) | true pos. | false neg. | false pos. | precision | recall |\n"
                + "|---|---|---|---|---|---|---|\n");
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Case c : CASES) {
            RuleMasker masker = Maskers.fromString("rules:\n  - {name: " + c.detector() + ", detect: [" + c.detector()
                    + "], strategy: redact}\n", RulesFormat.YAML);
            Secrets s = new Secrets(c.detector().hashCode());
            int tp = 0;
            int fn = 0;
            int fp = 0;
            for (int i = 0; i < SAMPLES; i++) {
                String template = TEMPLATES[i % TEMPLATES.length];
                String secret = c.positive().apply(s);
                String text = template.formatted(template.startsWith("{") ? secret.replace("\n", "\\n") : secret);
                String out = masker.mask(MaskedField.of(Kind.TEXT), text);
                String core = c.detector().equals("password") ? secret.substring(17, 29) : secret;
                if (!out.contains(core) && !out.contains(core.replace("\n", "\\n"))) {
                    tp++;
                } else {
                    fn++;
                }
                String lookAlike = template.formatted(c.negative().apply(s));
                if (!masker.mask(MaskedField.of(Kind.TEXT), lookAlike).equals(lookAlike)) {
                    fp++;
                }
            }
            double precision = tp + fp == 0 ? 1 : (double) tp / (tp + fp);
            double recall = (double) tp / (tp + fn);
            results.put(c.detector(), new double[] {precision, recall});
            table.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %d | %d | %.3f | %.3f |%n",
                    c.detector(), SAMPLES, SAMPLES, tp, fn, fp, precision, recall));
        }
        Path out = Path.of("target", "detector-accuracy.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table.toString());
        System.out.println(table);
        results.forEach((d, pr) -> {
            assertTrue(pr[0] >= 0.95, d + " precision " + pr[0]);
            assertTrue(pr[1] >= 0.95, d + " recall " + pr[1]);
        });
    }
}
