package dev.witness.jdbc;

import java.sql.SQLSyntaxErrorException;

/**
 * A statement refused by the guardrails policy before the driver saw it: a deny rule matched, or
 * an approval was refused, timed out or failed (docs/guardrails.md). SQLState {@value #SQL_STATE}
 * ("insufficient privilege", what PostgreSQL and H2 report for a missing grant), vendor code 0;
 * the message names the rule. Nothing ran, so retrying the same statement fails the same way
 * unless the policy or the approver changes their mind.
 *
 * <p>It extends {@link SQLSyntaxErrorException} because JDBC files every SQLState of class 42
 * there, as drivers do for their own 42501.
 */
public final class WitnessDeniedSQLException extends SQLSyntaxErrorException {
    private static final long serialVersionUID = 1L;

    /** The SQLState of a refused statement. */
    public static final String SQL_STATE = "42501";

    private final String rule;

    public WitnessDeniedSQLException(String rule, String message) {
        super(message, SQL_STATE, 0);
        this.rule = rule;
    }

    /** The policy rule that refused the statement ({@code default} when the policy's default did). */
    public String rule() {
        return rule;
    }
}
