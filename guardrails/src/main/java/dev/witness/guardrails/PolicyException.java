package dev.witness.guardrails;

/**
 * A policy document that cannot be used. Thrown once, at load time, never while checking. The
 * message reads {@code <source>:<line>:<column>: rule '<name>': <problem>; expected <what>} (the
 * rule part is left out for mistakes outside any rule), the same form as the masking rules'.
 */
public final class PolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String ruleName;

    public PolicyException(String source, int line, int column, String ruleName, String problem, String expected,
                           Throwable cause) {
        super(format(source, line, column, ruleName, problem, expected), cause);
        this.source = source;
        this.line = line;
        this.column = column;
        this.ruleName = ruleName;
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

    /** The file path, or {@code <string>}. */
    public String source() {
        return source;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** The rule being read (or {@code #n} before its name is known), or {@code null}. */
    public String ruleName() {
        return ruleName;
    }
}
