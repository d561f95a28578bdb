package dev.witness.cli;

import dev.witness.recorder.event.Event;
import dev.witness.recorder.event.Parameter;
import dev.witness.recorder.event.Parameters;
import dev.witness.recorder.event.Result;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code witness show}: one session's timeline, one line per event, or its raw lines. */
@Command(name = "show", description = {"Print a session's timeline: one line per event with time (UTC), identity,",
        "type and what happened (statement, parameters, rows, counts, records, offsets, errors)."})
public final class ShowCommand extends StoreCommand {
    static final int DEFAULT_WIDTH = 200;

    @picocli.CommandLine.Parameters(index = "0", paramLabel = "SESSION", description = "The session id (or a unique prefix).")
    String session;

    @Option(names = "--json", description = "The session's stored lines exactly as stored (JSON Lines, docs/format.md).")
    boolean json;

    @Option(names = "--rows", description = "Also print every recorded result row and parameter set, indented under its event.")
    boolean rows;

    @Option(names = "--full", description = "Do not cut long lines (default: at " + DEFAULT_WIDTH + " characters).")
    boolean full;

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) {
        SessionDescriptor d = SessionIds.resolve(reader, session, location);
        PrintWriter out = out();
        if (json) {
            reader.forEachLine(d.id(), line -> out.println(new String(line, StandardCharsets.UTF_8)));
            return ExitCodes.OK;
        }
        SessionCheck check = SessionCheck.of(reader, d.id());
        out.println("session   " + d.id());
        out.println("source    " + d.source() + " -> " + d.target());
        out.println("identity  " + (d.identity() == null ? "-" : d.identity()) + (d.attributes().isEmpty() ? "" : "  " + d.attributes()));
        out.println("app       " + (d.application() == null ? "-" : d.application()) + " on " + d.host() + " pid " + d.pid());
        out.println("started   " + d.startedAt() + (d.endedAt() == null ? "  (open)" : "  ended " + d.endedAt()));
        out.println("events    " + d.eventCount());
        out.println("verified  " + (check.ok() ? check.status() + (check.detail() == null ? "" : " (" + check.detail() + ")")
                : "FAILED " + check.status() + ": " + (check.badEvent() == null ? "" : "first bad event " + check.badEvent() + ": ")
                + check.detail()));
        out.println();
        if ("UNREADABLE".equals(check.status())) {
            return ExitCodes.ERROR;
        }
        String day = SessionsCommand.STARTED.format(d.startedAt()).substring(0, 10);
        reader.forEachEvent(d.id(), r -> {
            // a statement's line may carry its parameters, counts and result; an ack line several records'
            List<Event> parts = r.event().parts();
            for (int i = 0; i < parts.size(); i++) {
                Event e = parts.get(i);
                String time = EventText.dateTime(e.timeMicros());
                time = time.startsWith(day) ? EventText.time(e.timeMicros()) : time;
                String type = EventText.alarming(e) ? e.type().wireName().toUpperCase(java.util.Locale.ROOT)
                        : e.type().wireName();
                String mark = r.sequence() == check.badIndex() ? "!" : " ";
                // the parts of one stored line share its number: "#12" then "#12+"
                String number = i == 0 ? "#" + r.sequence() : "#" + r.sequence() + "+";
                String line = String.format("%s%-5s %s  %-8s %-13s %s", mark, number, time, EventText.who(e), type,
                        EventText.summary(e));
                out.println(cut(line));
                if (rows) {
                    details(out, e);
                }
            }
        });
        return ExitCodes.OK;
    }

    private void details(PrintWriter out, Event e) {
        if (e instanceof Result r && !r.rows().isEmpty()) {
            out.println(cut("        columns: " + r.columns().stream().map(c -> c.label()).toList()));
            for (int i = 0; i < r.rows().size(); i++) {
                out.println(cut("        row " + (i + 1) + ": " + EventText.row(r.rows().get(i))));
            }
        } else if (e instanceof Parameters p && p.sets().size() > 1) {
            List<List<Parameter>> sets = p.sets();
            for (int i = 0; i < sets.size(); i++) {
                out.println(cut("        set " + (i + 1) + ": " + EventText.parameters(sets.get(i))));
            }
        }
    }

    private String cut(String line) {
        return full || line.length() <= DEFAULT_WIDTH ? line : line.substring(0, DEFAULT_WIDTH - 3) + "...";
    }
}
