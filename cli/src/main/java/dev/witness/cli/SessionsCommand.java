package dev.witness.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@code witness sessions}: the sessions of a store, filtered, a page at a time. */
@Command(name = "sessions", description = "List sessions, oldest first, filtered by identity, target, source, time or text.")
public final class SessionsCommand extends StoreCommand {
    static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    SessionFilter filter;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "Sessions per page (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--after", paramLabel = "SESSION", description = "Start after this session id: the next page (printed at the end of a full page).")
    String after;

    @Option(names = "--all", description = "Every matching session, not one page.")
    boolean all;

    @Option(names = "--json", description = "JSON for scripts: {\"sessions\": [...], \"next_after\": id or null}.")
    boolean json;

    @Override
    protected void validate() {
        if (limit < 1) {
            throw CliException.usage("--limit " + limit + ": expected 1 or more");
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) {
        List<SessionDescriptor> found = new ArrayList<>();
        String next;
        try (Progress progress = Progress.onConsole(err())) {
            String afterId = after == null ? null : after.trim().toUpperCase(java.util.Locale.ROOT);
            while (true) {
                SessionFilter.Page page = filter.page(reader, limit, afterId, clock, progress);
                found.addAll(page.sessions());
                next = page.nextAfterId();
                if (!all || next == null) {
                    break;
                }
                afterId = next;
            }
        }
        if (json) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode list = root.putArray("sessions");
            found.forEach(d -> list.add(Json.session(d)));
            root.put("next_after", next);
            out().println(Json.write(root));
            return ExitCodes.OK;
        }
        if (found.isEmpty()) {
            out().println("no sessions" + (filter.any() || after != null ? " match" : "") + " in " + location);
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("SESSION", "STARTED (UTC)", "DURATION", "SOURCE", "IDENTITY", "TARGET", "EVENTS");
        for (SessionDescriptor d : found) {
            table.add(d.id(), STARTED.format(d.startedAt()), d.endedAt() == null ? "open"
                    : duration(Duration.between(d.startedAt(), d.endedAt())), d.source(), d.identity(), d.target(),
                    String.valueOf(d.eventCount()));
        }
        table.print(out());
        if (next != null) {
            out().println("more: add --after " + next + " for the next page (or --all)");
        }
        return ExitCodes.OK;
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
