package dev.witness.jdbc;

/** Java functions for H2's CREATE ALIAS (H2 needs a public class). */
public final class H2Functions {
    private H2Functions() {
    }

    public static int addOne(int x) {
        return x + 1;
    }
}
