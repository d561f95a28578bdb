package dev.witness.recorder;

/** When written events are made durable ({@code witness.durability}). */
public enum Durability {
    /** The writer syncs the store after every batch it appends. The default. */
    BATCH,
    /** The writer syncs the store every {@code witness.durability.interval}; a crash may lose that much. */
    ASYNC,
    /** Like batch, and the caller returns only once its event is durable. */
    SYNC
}
