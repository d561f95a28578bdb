package dev.witness.storage;

import java.time.Instant;

/**
 * A filter over session metadata with keyset paging. Every field is optional ({@code null}
 * means "any"); all given fields must match. Build with {@link #builder()}.
 *
 * @param identity   exact principal
 * @param target     exact target
 * @param source     exact source
 * @param from       sessions active at or after this instant (ended at/after it, or still open)
 * @param to         sessions started before this instant
 * @param afterId    paging: only sessions whose id sorts after this one (the previous page's {@link SessionPage#nextAfterId()})
 * @param limit      page size, at least 1
 */
public record SessionQuery(String identity, String target, String source, Instant from, Instant to,
                           String afterId, int limit) {

    public static final int DEFAULT_LIMIT = 100;

    public SessionQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, was " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("time range is empty: to (" + to + ") is before from (" + from + ")");
        }
    }

    /** Every session, first page. */
    public static SessionQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The same query for the page after {@code page}. */
    public SessionQuery next(SessionPage page) {
        return new SessionQuery(identity, target, source, from, to, page.nextAfterId(), limit);
    }

    /** True if {@code d} passes every filter of this query (paging aside). */
    public boolean matches(SessionDescriptor d) {
        if (identity != null && !identity.equals(d.identity())) return false;
        if (target != null && !target.equals(d.target())) return false;
        if (source != null && !source.equals(d.source())) return false;
        if (to != null && !d.startedAt().isBefore(to)) return false;
        if (from != null && d.endedAt() != null && d.endedAt().isBefore(from)) return false;
        return true;
    }

    /** Builds a {@link SessionQuery}. */
    public static final class Builder {
        private String identity, target, source, afterId;
        private Instant from, to;
        private int limit = DEFAULT_LIMIT;

        public Builder identity(String identity) { this.identity = identity; return this; }
        public Builder target(String target) { this.target = target; return this; }
        public Builder source(String source) { this.source = source; return this; }
        public Builder from(Instant from) { this.from = from; return this; }
        public Builder to(Instant to) { this.to = to; return this; }
        public Builder afterId(String afterId) { this.afterId = afterId; return this; }
        public Builder limit(int limit) { this.limit = limit; return this; }

        public SessionQuery build() {
            return new SessionQuery(identity, target, source, from, to, afterId, limit);
        }
    }
}
