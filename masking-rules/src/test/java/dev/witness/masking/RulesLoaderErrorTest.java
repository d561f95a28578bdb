package dev.witness.masking;

import dev.witness.masking.internal.KeyResolver;
import dev.witness.masking.internal.RulesFileParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every class of mistake in a rules file gives the message docs/masking.md documents. */
class RulesLoaderErrorTest {

    private static MaskingRulesException yaml(String doc) {
        return assertThrows(MaskingRulesException.class, () -> Maskers.fromString(doc, RulesFormat.YAML));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // what | document (\n for new lines) | expected message
        "empty|#|<string>:1:1: the document is empty; expected a mapping with 'version: 1' and 'rules'",
        "syntax|rules:\\n  - name: a\\n    strategy: [redact\\n|<string>:3:22: rule 'a': malformed YAML: while parsing a flow sequence",
        "top not a map|- a|<string>:1:1: the top level is a list; expected a mapping with 'version: 1' and 'rules'",
        "unknown top key|rule: []|<string>:1:1: unknown key 'rule' in the top level; expected one of keys, rules, version",
        "bad version|version: 2\\nrules: []|<string>:1:10: unsupported version 2; expected version: 1",
        "no rules|version: 1|<string>:1:1: missing 'rules'; expected a list of rules under 'rules'",
        "rules not a list|rules: x|<string>:1:8: 'rules' is the string 'x'; expected a list of rules",
        "no name|rules:\\n  - strategy: redact|<string>:2:5: rule '#1': missing 'name'; expected a unique name such as 'card-numbers'",
        "bad name|rules:\\n  - name: 'a b'\\n    strategy: redact|<string>:2:11: rule '#1': name 'a b' has characters a marker cannot hold",
        "duplicate name|rules:\\n  - {name: a, detect: [card], strategy: redact}\\n  - {name: a, detect: [ssn], strategy: redact}|<string>:3:12: rule 'a': duplicate rule name 'a'; expected each rule name once",
        "duplicate key|rules:\\n  - name: a\\n    name: b|<string>:3:5: rule 'a': duplicate key 'name'; expected each key once per mapping",
        "typo key|rules:\\n  - name: a\\n    colums: [x]\\n    strategy: redact|<string>:3:5: rule 'a': unknown key 'colums' in a rule; expected one of name, when",
        "no selector|rules:\\n  - name: a\\n    strategy: redact|<string>:2:5: rule 'a': selects nothing; expected at least one of columns",
        "no strategy|rules:\\n  - name: a\\n    detect: [card]|<string>:2:5: rule 'a': missing 'strategy'; expected one of redact, partial, hash, fpe",
        "bad strategy|rules:\\n  - name: a\\n    detect: [card]\\n    strategy: scramble|<string>:4:15: rule 'a': unknown strategy 'scramble'; expected one of redact, partial, hash, fpe",
        "bad detector|rules:\\n  - name: a\\n    detect: [cards]\\n    strategy: redact|<string>:3:14: rule 'a': unknown detector 'cards'; expected one of private-key, jwt",
        "bad regex|rules:\\n  - name: a\\n    columnPattern: '(ssn'\\n    strategy: redact|<string>:3:20: rule 'a': 'columnPattern' is not a valid regular expression",
        "bad json path|rules:\\n  - name: a\\n    jsonPaths: [card.number]\\n    strategy: redact|<string>:3:17: rule 'a': invalid JSON path 'card.number': must start with '$'",
        "not a list|rules:\\n  - name: a\\n    columns: ssn\\n    strategy: redact|<string>:3:14: rule 'a': 'columns' is the string 'ssn'; expected a list, e.g. columns: [a, b]",
        "wrong type|rules:\\n  - name: a\\n    kafkaKey: yes please\\n    strategy: redact|<string>:3:15: rule 'a': 'kafkaKey' is the string 'yes please'; expected true or false",
        "partial option on redact|rules:\\n  - name: a\\n    detect: [card]\\n    strategy: redact\\n    keepSuffix: 4|<string>:5:17: rule 'a': 'keepSuffix' applies only to strategy partial, not redact",
        "negative keep|rules:\\n  - name: a\\n    detect: [card]\\n    strategy: partial\\n    keepSuffix: -1|<string>:5:17: rule 'a': 'keepSuffix' is -1; expected 0 or more",
        "hash without key|rules:\\n  - name: a\\n    detect: [card]\\n    strategy: hash|<string>:4:15: rule 'a': strategy hash needs a key; expected keys.hash",
        "short hash key|keys: {hash: 'hex:00ff'}\\nrules: []|<string>:1:14: keys.hash is 2 bytes; expected at least 16 bytes",
        "unset key|keys: {hash: 'env:WITNESS_TEST_UNSET_VARIABLE'}\\nrules: []|<string>:1:14: keys.hash cannot be resolved: environment variable WITNESS_TEST_UNSET_VARIABLE is not set",
        "fpe without key|rules:\\n  - name: a\\n    detect: [card]\\n    strategy: fpe|<string>:4:15: rule 'a': strategy fpe needs a key; expected keys.fpe",
        "bad kind|rules:\\n  - name: a\\n    detect: [card]\\n    when: {kinds: [row]}\\n    strategy: redact|<string>:4:20: rule 'a': unknown kind 'row'; expected one of sql_text",
        "bad position|rules:\\n  - name: a\\n    parameters: [{sql: 'insert', positions: [0]}]\\n    strategy: redact|<string>:3:46: rule 'a': position 0 is out of range",
        "position without sql|rules:\\n  - name: a\\n    parameters: [{positions: [1]}]\\n    strategy: redact|<string>:3:18: rule 'a': a 'parameters' entry has no 'sql'",
    })
    void eachMistakeNamesPlaceRuleAndExpectation(String what, String doc, String expected) {
        MaskingRulesException e = yaml("#".equals(doc) ? "" : doc.replace("\\n", "\n"));
        if (!e.getMessage().startsWith(expected)) {
            assertEquals(expected, e.getMessage(), what);
        }
    }

    @Test
    void jsonSyntaxErrorNamesLineAndColumn() {
        MaskingRulesException e = assertThrows(MaskingRulesException.class, () -> Maskers.fromString(
                "{\"rules\": [\n  {\"name\": \"a\", \"strategy\": \"redact\",}\n]}", RulesFormat.JSON));
        assertEquals(2, e.line());
        assertEquals("a", e.ruleName());
        assertEquals("<string>:2:", e.getMessage().substring(0, 11));
    }

    @Test
    void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "rules:\n  - name: card\n    detect: [card]\n    strategy: redakt\n");
        MaskingRulesException e = assertThrows(MaskingRulesException.class, () -> Maskers.fromFile(file));
        assertEquals(file + ":4:15: rule 'card': unknown strategy 'redakt'; expected one of redact, partial, hash, fpe",
                e.getMessage());
        MaskingRulesException missing = assertThrows(MaskingRulesException.class,
                () -> Maskers.load(dir.resolve("none.yaml").toString()));
        assertEquals(dir.resolve("none.yaml") + ":0:0: the rules file does not exist; expected a readable YAML or JSON rules file",
                missing.getMessage());
    }

    @Test
    void fpeWithoutBouncyCastleSaysWhatToAdd() {
        RulesFileParser parser = new RulesFileParser("<string>", KeyResolver.SYSTEM, false);
        MaskingRulesException e = assertThrows(MaskingRulesException.class, () -> parser.compile(
                "keys: {fpe: 'hex:000102030405060708090a0b0c0d0e0f'}\nrules:\n  - {name: a, detect: [card], strategy: fpe}\n",
                RulesFormat.YAML));
        assertEquals("<string>:3:41: rule 'a': strategy fpe needs BouncyCastle, which is not on the class path; "
                + "expected org.bouncycastle:bcprov-jdk18on as a dependency of the application", e.getMessage());
    }
}
