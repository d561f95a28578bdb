package dev.witness.guardrails;

import dev.witness.guardrails.internal.PolicyParser;
import dev.witness.guardrails.internal.PolicyRule;
import dev.witness.masking.RulesFormat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A loaded guardrails policy: rules in file order (the first that matches decides) and the
 * action when none matches. Immutable. The format is in docs/guardrails.md; every method checks
 * the whole document before it returns, so a mistake fails at start-up with a
 * {@link PolicyException} naming file, line, column, rule and what was expected.
 */
public final class Policy {
    private final String source;
    private final List<PolicyRule> rules;
    private final Action defaultAction;

    private Policy(String source, PolicyParser.Parsed parsed) {
        this.source = source;
        this.rules = parsed.rules();
        this.defaultAction = parsed.defaultAction();
    }

    /** Reads a YAML file, or JSON when the name ends in {@code .json}. */
    public static Policy fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new PolicyException(file.toString(), 0, 0, null, "the policy file does not exist",
                    "a readable YAML or JSON policy file", e);
        } catch (IOException e) {
            throw new PolicyException(file.toString(), 0, 0, null, "the policy file cannot be read: " + e,
                    "a readable YAML or JSON policy file in UTF-8", e);
        }
        return new Policy(file.toString(), PolicyParser.parse(file.toString(), text,
                RulesFormat.ofFileName(file.getFileName().toString())));
    }

    /** Reads a document held in a string; messages name the source {@code <string>}. */
    public static Policy fromString(String document, RulesFormat format) {
        return new Policy("<string>", PolicyParser.parse("<string>", document, format));
    }

    /** Where the policy came from (a path or {@code <string>}). */
    public String source() {
        return source;
    }

    /** The rule names in file order. */
    public List<String> ruleNames() {
        return rules.stream().map(PolicyRule::name).toList();
    }

    /** What happens when no rule matches. */
    public Action defaultAction() {
        return defaultAction;
    }

    /** Internal: the compiled rules. */
    List<PolicyRule> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "Policy[" + source + ", " + rules.size() + " rules, default " + defaultAction + "]";
    }
}
