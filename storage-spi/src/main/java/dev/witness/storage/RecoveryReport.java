package dev.witness.storage;

import java.util.List;

/**
 * What a store found and repaired when it was opened after an unclean shutdown.
 *
 * @param cleanShutdown true if the previous owner closed the store cleanly
 * @param truncations   every torn tail that was cut, in the order found
 */
public record RecoveryReport(boolean cleanShutdown, List<Truncation> truncations) {
    public RecoveryReport {
        truncations = List.copyOf(truncations);
    }

    public static RecoveryReport clean() {
        return new RecoveryReport(true, List.of());
    }

    /**
     * One torn tail cut during recovery.
     *
     * @param location   where (a file name, an object key)
     * @param validBytes length kept: the end of the last whole frame
     * @param cutBytes   bytes removed (kept aside by backends that can)
     * @param keptAside  where the removed bytes were kept, or {@code null}
     */
    public record Truncation(String location, long validBytes, long cutBytes, String keptAside) {
    }
}
