package dev.witness.masking;

/** The syntax of a rules document. JSON is a subset of YAML, but each gets its own parser and messages. */
public enum RulesFormat {
    YAML,
    JSON;

    /** The format a file name implies: {@code .json} is JSON, anything else YAML. */
    public static RulesFormat ofFileName(String fileName) {
        return fileName.toLowerCase(java.util.Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }
}
