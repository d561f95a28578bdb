package dev.witness.cli;

import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code witness purge}: removes sessions through the store's purge (for the file store a
 * logical removal first, the bytes go with their segments: docs/storage-file.md).
 */
@Command(name = "purge", description = {"Remove sessions that ended before a time (--older-than), or named sessions.",
        "The file store removes them from the index at once and deletes their bytes with their segments."})
public final class PurgeCommand extends StoreCommand {
    @Parameters(paramLabel = "SESSION", arity = "0..*", description = "Session ids to remove (whole ids).")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--older-than", paramLabel = "AGE", description = "Remove sessions that ended (or, still open, last wrote) more than AGE ago (30d, 12h) or before a time (2026-01-01).")
    String olderThan;

    @Option(names = "--dry-run", description = "Only list the ended sessions that would be removed.")
    boolean dryRun;

    @Override
    protected void validate() {
        if ((olderThan == null) == sessions.isEmpty()) {
            throw CliException.usage(olderThan == null ? "give --older-than AGE or session ids" : "give --older-than or session ids, not both");
        }
        if (olderThan != null) {
            Times.instant("--older-than", olderThan, clock);
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) {
        if (!sessions.isEmpty()) {
            List<String> ids = new ArrayList<>();
            for (String typed : sessions) {
                if (typed.trim().length() < SessionIds.ID_LENGTH) {
                    throw CliException.usage("purge takes whole session ids (26 characters), not prefixes: " + typed);
                }
                ids.add(SessionIds.resolve(reader, typed, location).id());
            }
            if (dryRun) {
                ids.forEach(id -> out().println("would purge " + id));
                out().println("dry run: " + ids.size() + " sessions would be purged from " + location);
                return ExitCodes.OK;
            }
            long n = store.purge(ids);
            out().println("purged " + n + (n == 1 ? " session" : " sessions") + " from " + location);
            return ExitCodes.OK;
        }
        Instant cutoff = Times.instant("--older-than", olderThan, clock);
        if (dryRun) {
            long n = 0;
            SessionQuery q = SessionQuery.builder().limit(500).build();
            while (true) {
                SessionPage page = reader.sessions(q);
                for (SessionDescriptor d : page.sessions()) {
                    if (d.endedAt() != null && d.endedAt().isBefore(cutoff)) {
                        out().println("would purge " + d.id() + "  ended " + d.endedAt());
                        n++;
                    }
                }
                if (!page.hasNext()) {
                    break;
                }
                q = q.next(page);
            }
            out().println("dry run: " + n + " ended sessions are older than " + cutoff
                    + " (open sessions whose last write is older are purged too)");
            return ExitCodes.OK;
        }
        long n = store.purgeOlderThan(cutoff);
        out().println("purged " + n + (n == 1 ? " session" : " sessions") + " older than " + cutoff + " from " + location);
        return ExitCodes.OK;
    }
}
