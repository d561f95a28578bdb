package dev.witness.guardrails;

/** What a policy rule does with a statement or send it matches. */
public enum Action {
    /** Let it run. */
    ALLOW,
    /** Refuse it before the database or broker sees it. */
    DENY,
    /** Ask the approval service first; run it only if granted. */
    APPROVE
}
