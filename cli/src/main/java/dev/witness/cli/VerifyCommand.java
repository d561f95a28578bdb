package dev.witness.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionPage;
import dev.witness.storage.SessionQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code witness verify}: the hash-chain check; exit 0 only when every session checked verifies. */
@Command(name = "verify", description = {"Check the hash chains of sessions (docs/format.md).",
        "Exit 0 only when every session checked verifies; otherwise 1, naming each session's first bad event."})
public final class VerifyCommand extends StoreCommand {
    @Parameters(paramLabel = "SESSION", arity = "0..*", description = "Session ids (or unique prefixes).")
    List<String> sessions = new ArrayList<>();

    @Option(names = "--all", description = "Every session of the store.")
    boolean all;

    @Option(names = "--require-closed", description = "Count sessions without an end (OPEN: still recording, or the process died) as failures.")
    boolean requireClosed;

    @Option(names = "--json", description = "One JSON object per session (JSON Lines), then a summary object.")
    boolean json;

    @Override
    protected void validate() {
        if (all == !sessions.isEmpty()) {
            throw CliException.usage(all ? "give session ids or --all, not both" : "name a session or use --all");
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) {
        long verified = 0;
        long failed = 0;
        if (all) {
            SessionQuery q = SessionQuery.builder().limit(500).build();
            try (Progress progress = Progress.onConsole(err())) {
                while (true) {
                    SessionPage page = reader.sessions(q);
                    for (SessionDescriptor d : page.sessions()) {
                        progress.update("verifying: " + (verified + failed) + " sessions, " + failed + " failed");
                        if (report(check(reader, d.id()))) {
                            verified++;
                        } else {
                            failed++;
                        }
                    }
                    if (!page.hasNext()) {
                        break;
                    }
                    q = q.next(page);
                }
            }
        } else {
            for (String typed : sessions) {
                SessionDescriptor d = SessionIds.resolve(reader, typed, location);
                if (report(check(reader, d.id()))) {
                    verified++;
                } else {
                    failed++;
                }
            }
        }
        if (json) {
            ObjectNode summary = Json.MAPPER.createObjectNode();
            summary.put("verified", verified);
            summary.put("failed", failed);
            out().println(Json.write(summary));
        } else {
            out().println((verified + failed) + (verified + failed == 1 ? " session: " : " sessions: ") + verified
                    + " verified, " + failed + " failed");
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FOUND;
    }

    private SessionCheck check(RecordingReader reader, String id) {
        SessionCheck c = SessionCheck.of(reader, id);
        return requireClosed ? c.requireClosed() : c;
    }

    private boolean report(SessionCheck c) {
        if (json) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("session", c.sessionId());
            n.put("status", c.status());
            n.put("ok", c.ok());
            n.put("events", c.events());
            if (c.badIndex() >= 0) {
                n.put("bad_index", c.badIndex());
                n.put("bad_event", c.badEvent());
            }
            n.put("detail", c.detail());
            out().println(Json.write(n));
        } else {
            out().println(c.line());
        }
        return c.ok();
    }
}
