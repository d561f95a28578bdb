package dev.witness.masking;

/**
 * A rules document that cannot be used. Thrown once, at load time, never while masking. The
 * message always reads {@code <source>:<line>:<column>: rule '<name>': <problem>; expected <what>}
 * (the rule part is left out for mistakes outside any rule), so a user can fix the file without
 * reading code. The parts are also available one by one for tools.
 */
public final class MaskingRulesException extends IllegalArgumentException {

    private final String source;
    private final int line;
    private final int column;
    private final String ruleName;
    private final String problem;
    private final String expected;

    public MaskingRulesException(String source, int line, int column, String ruleName, String problem,
                                 String expected, Throwable cause) {
        super(format(source, line, column, ruleName, problem, expected), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.ruleName = ruleName;
        this.problem = problem;
        this.expected = expected;
    }

    private static String format(String source, int line, int column, String ruleName, String problem,
                                 String expected) {
        StringBuilder sb = new StringBuilder(source).append(':').append(line).append(':').append(column).append(": ");
        if (ruleName != null) {
            sb.append("rule '").append(ruleName).append("': ");
        }
        sb.append(problem);
        if (expected != null) {
            sb.append("; expected ").append(expected);
        }
        return sb.toString();
    }

    /** The file path, or {@code <string>} / {@code <builtin>} for documents not read from a file. */
    public String source() {
        return source;
    }

    /** 1-based line of the offending token, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token, 0 when unknown. */
    public int column() {
        return column;
    }

    /** The name of the rule being read (or {@code #n} before its name is known), or {@code null}. */
    public String ruleName() {
        return ruleName;
    }

    /** What is wrong. */
    public String problem() {
        return problem;
    }

    /** What the loader expected instead, or {@code null}. */
    public String expected() {
        return expected;
    }
}
