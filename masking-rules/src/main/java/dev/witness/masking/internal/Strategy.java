package dev.witness.masking.internal;

/**
 * How a matched value is replaced. Implementations are thread-safe, never throw for any input,
 * never return text containing a line break or a quote (so SQL stays one line and a replaced
 * literal stays a literal), and return their input unchanged when it already is their own output
 * (so masking twice gives the same text; FF1 is the exception, see {@link Ff1Strategy}).
 */
public interface Strategy {

    /** The masked form of {@code value} (a whole value or the part a detector found). */
    String apply(String value);

    /** The name used in rules files: {@code redact}, {@code partial}, {@code hash} or {@code fpe}. */
    String kind();
}
