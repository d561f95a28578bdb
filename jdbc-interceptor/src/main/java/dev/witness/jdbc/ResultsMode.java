package dev.witness.jdbc;

/** What is recorded of the result sets an application reads ({@code witness.jdbc.results}). */
public enum ResultsMode {
    /** Nothing: no result events. */
    NONE,
    /** How many rows the application read, per result set. The default. */
    COUNT,
    /** Column labels and types, and the values of the rows the application read, capped. */
    ROWS
}
