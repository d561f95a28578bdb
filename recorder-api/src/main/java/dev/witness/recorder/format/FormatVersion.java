package dev.witness.recorder.format;

/** Version of the stored JSON Lines format, written as {@code "v"} on every line (docs/format.md). */
public final class FormatVersion {
    /** The version this code writes and the newest it reads. */
    public static final int CURRENT = 1;

    private FormatVersion() {
    }
}
