package dev.witness.storage;

import java.util.List;

/**
 * One page of a session listing.
 *
 * @param sessions    matching sessions in id order
 * @param nextAfterId the id to pass as {@link SessionQuery#afterId()} for the next page, or {@code null} on the last page
 */
public record SessionPage(List<SessionDescriptor> sessions, String nextAfterId) {
    public SessionPage {
        sessions = List.copyOf(sessions);
    }

    public boolean hasNext() {
        return nextAfterId != null;
    }
}
