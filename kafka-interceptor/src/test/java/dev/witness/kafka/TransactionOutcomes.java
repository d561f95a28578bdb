package dev.witness.kafka;

import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.Transaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule of docs/format.md, applied to one {@code kafka-producer} session read back in order: the
 * {@code produce} events after a {@code transaction begin} whose {@code name} is their
 * {@code txn_id}, up to the next {@code commit} or {@code abort} of that name, are one Kafka
 * transaction, and that event is their outcome. A send with no outcome (outside a transaction, or
 * in one that never ended in the recording) is absent from the map.
 */
final class TransactionOutcomes {
    private TransactionOutcomes() {
    }

    /** The outcome ({@code commit} or {@code abort}) of each send, by its {@code call}. */
    static Map<Long, String> of(List<Event> session) {
        Map<String, List<Long>> open = new HashMap<>();
        Map<Long, String> outcome = new HashMap<>();
        for (Event e : session) {
            if (e instanceof Transaction t && t.name() != null) {
                switch (t.action()) {
                    case "begin" -> open.put(t.name(), new ArrayList<>());
                    case "commit", "abort" -> {
                        List<Long> calls = open.remove(t.name());
                        if (calls != null) {
                            calls.forEach(c -> outcome.put(c, t.action()));
                        }
                    }
                    default -> { }
                }
            } else if (e instanceof Produce p && p.transactionalId() != null) {
                List<Long> calls = open.get(p.transactionalId());
                if (calls != null) {
                    calls.add(p.call());
                }
            }
        }
        return outcome;
    }
}
