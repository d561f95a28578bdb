package dev.witness.cli;

import dev.witness.recorder.event.Consume;
import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.OffsetCommit;
import dev.witness.recorder.event.Produce;
import dev.witness.recorder.event.Statement;
import dev.witness.recorder.event.TopicOffset;
import dev.witness.recorder.event.Acknowledgement;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session filters shared by {@code sessions}, {@code export} and the viewer: identity,
 * target and source (exact, answered by the store's index), a time range, and text in statements
 * or topics (answered by reading the candidates' events, the one filter that costs a scan).
 */
public final class SessionFilter {
    @Option(names = {"-u", "--identity"}, paramLabel = "PRINCIPAL", description = "Sessions opened by this principal (exact).")
    String identity;

    @Option(names = "--target", paramLabel = "TARGET", description = "Sessions with this target (exact), e.g. h2:mem:shop or kafka://broker:9092.")
    String target;

    @Option(names = "--source", paramLabel = "SOURCE", description = "jdbc, kafka-producer, kafka-consumer, scope, ... (exact).")
    String source;

    @Option(names = "--since", paramLabel = "WHEN", description = "Sessions active at or after WHEN: a duration back from now (30m, 2h, 7d) or a time (2026-11-22T20:30:00Z; without a zone: UTC).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Sessions started before WHEN (same forms as --since).")
    String until;

    @Option(names = "--text", paramLabel = "TEXT", description = "Sessions with TEXT (case-insensitive) in a statement's SQL or a Kafka topic; reads the candidates' events.")
    String text;

    /** Sets the filters from the viewer's query parameters (blank means unset). */
    public static SessionFilter of(String identity, String target, String source, String since, String until, String text) {
        SessionFilter f = new SessionFilter();
        f.identity = blankToNull(identity);
        f.target = blankToNull(target);
        f.source = blankToNull(source);
        f.since = blankToNull(since);
        f.until = blankToNull(until);
        f.text = blankToNull(text);
        return f;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** True if any filter is set. */
    boolean any() {
        return identity != null || target != null || source != null || since != null || until != null || text != null;
    }

    /** The index part of the filter as a store query. */
    SessionQuery query(int limit, String afterId, Clock clock) {
        Instant from = since == null ? null : Times.instant("--since", since, clock);
        Instant to = until == null ? null : Times.instant("--until", until, clock);
        if (from != null && to != null && to.isBefore(from)) {
            throw CliException.usage("--until " + until + " is before --since " + since + ": the time range is empty");
        }
        return SessionQuery.builder().identity(identity).target(target).source(source).from(from).to(to)
                .afterId(afterId).limit(limit).build();
    }

    /** {@link #page(RecordingReader, int, String, Clock, Progress)} without progress (the viewer). */
    public Page page(RecordingReader reader, int limit, String afterId, Clock clock) {
        return page(reader, limit, afterId, clock, Progress.none());
    }

    /**
     * One page of matching sessions: at most {@code limit}, after {@code afterId}; with
     * {@code --text}, the store is read page by page until the page is full.
     */
    Page page(RecordingReader reader, int limit, String afterId, Clock clock, Progress progress) {
        if (text == null) {
            SessionPage p = reader.sessions(query(limit, afterId, clock));
            return new Page(p.sessions(), p.nextAfterId());
        }
        String needle = text.toLowerCase(Locale.ROOT);
        List<SessionDescriptor> out = new ArrayList<>();
        SessionQuery q = query(Math.max(limit, 100), afterId, clock);
        long scanned = 0;
        while (true) {
            SessionPage p = reader.sessions(q);
            for (SessionDescriptor d : p.sessions()) {
                scanned++;
                progress.update("searching for '" + text + "': " + scanned + " sessions read, " + out.size() + " match");
                if (contains(reader, d.id(), needle)) {
                    out.add(d);
                    if (out.size() == limit) {
                        // the next page starts after the last match, not after the last session read
                        return new Page(out, d.id());
                    }
                }
            }
            if (!p.hasNext()) {
                return new Page(out, null);
            }
            q = q.next(p);
        }
    }

    /** True if the session mentions {@code needle} (lower case) in a statement or topic. */
    static boolean contains(RecordingReader reader, String sessionId, String needle) {
        AtomicBoolean found = new AtomicBoolean();
        reader.forEachEvent(sessionId, e -> {
            if (!found.get() && mentions(e, needle)) {
                found.set(true);
            }
        });
        return found.get();
    }

    private static boolean mentions(RecordedEvent r, String needle) {
        Event e = r.event();
        if (e instanceof Statement s) {
            return has(s.sql(), needle);
        }
        if (e instanceof Produce p) {
            return has(p.topic(), needle);
        }
        if (e instanceof Consume c) {
            return has(c.topic(), needle);
        }
        if (e instanceof Acknowledgement a) {
            return has(a.topic(), needle);
        }
        if (e instanceof OffsetCommit o) {
            for (TopicOffset t : o.offsets()) {
                if (has(t.topic(), needle)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean has(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }

    /** A page of sessions and the id to continue after, or {@code null} on the last page. */
    public record Page(List<SessionDescriptor> sessions, String nextAfterId) {
    }
}
