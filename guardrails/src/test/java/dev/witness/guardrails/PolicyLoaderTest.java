package dev.witness.guardrails;

import dev.witness.masking.RulesFormat;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyLoaderTest {

    static String example() throws IOException {
        try (InputStream in = PolicyLoaderTest.class.getResourceAsStream("/example-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentedExampleLoads() throws IOException {
        Policy p = Policy.fromString(example(), RulesFormat.YAML);
        assertEquals(List.of("no-drop-or-truncate", "no-multi-statement", "no-grants", "oncall-may-change-schema",
                "schema-changes", "whole-table-writes", "payroll", "no-sleep", "prod-payments-topic",
                "no-internal-topics"), p.ruleNames());
        assertEquals(Action.ALLOW, p.defaultAction());
    }

    @Test
    void jsonFilesAreReadAsJson(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path f = dir.resolve("policy.json");
        Files.writeString(f, "{\"version\": 1, \"default\": \"deny\", \"rules\": [{\"name\": \"reads\", "
                + "\"sql\": {\"classes\": [\"select\"]}, \"action\": \"allow\"}]}");
        Policy p = Policy.fromFile(f);
        assertEquals(Action.DENY, p.defaultAction());
        assertEquals(List.of("reads"), p.ruleNames());
    }

    private static PolicyException fails(String yaml) {
        return assertThrows(PolicyException.class, () -> Policy.fromString(yaml, RulesFormat.YAML));
    }

    @Test
    void anUnknownKeyNamesLineColumnRuleAndTheKnownKeys() {
        PolicyException e = fails("rules:\n  - name: r1\n    action: deny\n    sqll: {classes: [drop]}\n");
        assertEquals("<string>:4:5: rule 'r1': unknown key 'sqll' in a rule; expected one of name, when, sql, kafka,"
                + " action, message", e.getMessage());
        assertEquals(4, e.line());
        assertEquals("r1", e.ruleName());
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("<string>:3:13: rule 'r1': unknown action 'block'; expected one of allow, deny, approve",
                fails("rules:\n  - name: r1\n    action: block\n").getMessage());
        String unknownClass = fails("rules:\n  - name: r1\n    action: deny\n    sql: {classes: [dorp]}\n").getMessage();
        assertEquals("<string>:4:21: rule 'r1': unknown SQL class 'dorp'; expected one of select, insert",
                unknownClass.substring(0, Math.min(unknownClass.length(), 82)));
        assertTrue(fails("rules:\n  - name: r1\n    action: deny\n    sql: {pattern: \"(\"}\n").getMessage()
                .contains("rule 'r1': 'pattern' is not a valid regular expression"));
        assertEquals("<string>:3:11: rule 'R1': duplicate rule name 'R1'; expected each rule name once",
                fails("rules:\n  - {name: r1, action: deny}\n  - name: R1\n    action: deny\n").getMessage());
        assertEquals("<string>:2:5: rule 'r1': missing 'action'; expected one of allow, deny, approve",
                fails("rules:\n  - name: r1\n").getMessage());
        assertTrue(fails("rules:\n  - name: r1\n    action: deny\n    sql: {}\n    kafka: {}\n").getMessage()
                .contains("a rule has both 'sql' and 'kafka'"));
        assertEquals("<string>:1:10: unsupported version 2; expected version: 1",
                fails("version: 2\nrules: []\n").getMessage());
        assertTrue(fails("rules:\n  - name: r1\n    action: [deny\n").getMessage().startsWith("<string>:"));
        assertEquals("<string>:1:1: missing 'rules'; expected a list of rules under 'rules'",
                fails("default: deny\n").getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        PolicyException e = assertThrows(PolicyException.class, () -> Policy.fromFile(Path.of("/nope/policy.yaml")));
        assertEquals("/nope/policy.yaml:0:0: the policy file does not exist; expected a readable YAML or JSON policy file",
                e.getMessage());
    }
}
