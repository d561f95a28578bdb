package dev.witness.masking.internal;

/**
 * Whether BouncyCastle (an optional dependency) is on the class path. Kept apart from
 * {@link Ff1Strategy}: loading that class makes the JVM verify code that names BouncyCastle
 * types, which fails with NoClassDefFoundError when the library is absent.
 */
final class Ff1Availability {
    private Ff1Availability() {
    }

    /** True when BouncyCastle's FF1 engine is on the class path. */
    static boolean available() {
        try {
            Class.forName("org.bouncycastle.crypto.fpe.FPEFF1Engine", false, Ff1Availability.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
