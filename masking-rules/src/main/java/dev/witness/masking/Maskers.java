package dev.witness.masking;

import dev.witness.masking.internal.RulesFileParser;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The ways to build a {@link RuleMasker}: from a rules file, from a string, or the built-in rule
 * set. Every method compiles the whole document before it returns, so a mistake fails at start-up
 * with a {@link MaskingRulesException}, never later while masking. The format of the document is
 * in docs/masking.md.
 */
public final class Maskers {

    /** The value of {@code witness.masking.rules} that selects {@link #builtin()}. */
    public static final String BUILTIN = "builtin";
    private static final String BUILTIN_RESOURCE = "builtin-rules.yaml";

    private Maskers() {
    }

    /** Reads a YAML file, or JSON when the name ends in {@code .json}. */
    public static RuleMasker fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new MaskingRulesException(file.toString(), 0, 0, null, "the rules file does not exist",
                    "a readable YAML or JSON rules file", e);
        } catch (IOException e) {
            throw new MaskingRulesException(file.toString(), 0, 0, null, "the rules file cannot be read: " + e,
                    "a readable YAML or JSON rules file in UTF-8", e);
        }
        return new RuleMasker(RulesFileParser.parse(file.toString(), text,
                RulesFormat.ofFileName(file.getFileName().toString())));
    }

    /** Reads a document held in a string; messages name the source {@code <string>}. */
    public static RuleMasker fromString(String document, RulesFormat format) {
        return new RuleMasker(RulesFileParser.parse("<string>", document, format));
    }

    /** The built-in rule set: credentials by name and every default-on detector, all redacted. */
    public static RuleMasker builtin() {
        try (InputStream in = Maskers.class.getResourceAsStream(BUILTIN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in rules are missing from the jar");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new RuleMasker(RulesFileParser.parse("<builtin>", text, RulesFormat.YAML));
        } catch (IOException e) {
            throw new IllegalStateException("the built-in rules cannot be read", e);
        }
    }

    /** {@code builtin} or a path: the value of {@code witness.masking.rules}. */
    public static RuleMasker load(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new MaskingRulesException("witness.masking.rules", 0, 0, null, "no rules given",
                    "'builtin' or the path of a YAML or JSON rules file", null);
        }
        String s = spec.strip();
        return BUILTIN.equalsIgnoreCase(s) ? builtin() : fromFile(Path.of(s));
    }
}
