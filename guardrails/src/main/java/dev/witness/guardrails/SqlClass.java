package dev.witness.guardrails;

import java.util.Locale;

/**
 * What a SQL string does, as policy rules name it ({@code classes: [drop, delete_without_where]}).
 * One string has every class of every statement in it: {@code DELETE FROM t; DROP TABLE u} is
 * {@code delete}, {@code delete_without_where}, {@code drop}, {@code ddl} and {@code multi_statement}.
 */
public enum SqlClass {
    SELECT,
    INSERT,
    UPDATE,
    DELETE,
    MERGE,
    CALL,
    /** CREATE, ALTER, DROP, TRUNCATE, RENAME, COMMENT ON. */
    DDL,
    DROP,
    TRUNCATE,
    GRANT,
    REVOKE,
    /** A DELETE with no WHERE clause: every row. */
    DELETE_WITHOUT_WHERE,
    /** An UPDATE with no WHERE clause: every row. */
    UPDATE_WITHOUT_WHERE,
    /** More than one statement in one string. */
    MULTI_STATEMENT,
    /** The parser could not read it (classes then come from keywords only). */
    UNPARSED,
    /** Anything else (SET, SHOW, transaction control, ...). */
    OTHER;

    /** The name used in policy files. */
    public String policyName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
