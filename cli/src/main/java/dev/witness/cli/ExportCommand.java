package dev.witness.cli;

import dev.witness.recorder.event.*;
import dev.witness.recorder.format.EventDecoder;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.RecordingStore;
import dev.witness.storage.SessionDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.stream.Collectors;

/** {@code witness export}: sessions as JSON Lines (the stored bytes) or CSV (one row per event). */
@Command(name = "export", description = {"Export sessions as JSON Lines (exactly the stored lines) or CSV (one row per event).",
        "Name sessions, or select them with the filters (--identity, --since, ...) or --all."})
public final class ExportCommand extends StoreCommand {
    /** The CSV columns, in order. */
    static final String[] CSV_HEADER = {"sid", "seq", "ts", "type", "who", "call", "sql", "parameters", "row_count",
            "rows", "counts", "topic", "partition", "offset", "key", "value", "error", "summary"};

    enum Format { jsonl, csv }

    @picocli.CommandLine.Parameters(paramLabel = "SESSION", arity = "0..*", description = "Session ids (or unique prefixes).")
    List<String> sessions = new ArrayList<>();

    @Mixin
    SessionFilter filter;

    @Option(names = "--all", description = "Every session of the store.")
    boolean all;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "jsonl", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    protected void validate() {
        boolean named = !sessions.isEmpty();
        if (named && (all || filter.any())) {
            throw CliException.usage("give session ids, or filters / --all, not both");
        }
        if (!named && !all && !filter.any()) {
            throw CliException.usage("name a session, or select sessions with filters (--identity, --since, ...) or --all");
        }
    }

    @Override
    protected int run(RecordingStore store, RecordingReader reader, String location) throws IOException {
        List<String> ids = new ArrayList<>();
        if (!sessions.isEmpty()) {
            for (String typed : sessions) {
                ids.add(SessionIds.resolve(reader, typed, location).id());
            }
        } else {
            try (Progress progress = Progress.onConsole(err())) {
                String after = null;
                do {
                    SessionFilter.Page page = filter.page(reader, 500, after, clock, progress);
                    page.sessions().stream().map(SessionDescriptor::id).forEach(ids::add);
                    after = page.nextAfterId();
                } while (after != null);
            }
        }
        OutputStream target = output == null ? null : Files.newOutputStream(output);
        try (Writer w = new BufferedWriter(target == null ? new NonClosingWriter(out()) : new OutputStreamWriter(target, StandardCharsets.UTF_8))) {
            if (format == Format.csv) {
                w.write(csvRow(CSV_HEADER));
            }
            EventDecoder decoder = new EventDecoder();
            for (String id : ids) {
                reader.forEachLine(id, line -> {
                    try {
                        if (format == Format.jsonl) {
                            w.write(new String(line, StandardCharsets.UTF_8));
                            w.write('\n');
                        } else {
                            for (String[] row : csvRows(decoder.decode(line))) {
                                w.write(csvRow(row));
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        if (output != null) {
            err().println("exported " + ids.size() + (ids.size() == 1 ? " session" : " sessions") + " to " + output);
        }
        return ExitCodes.OK;
    }

    /**
     * The CSV rows of one stored line, from its {@link Event#parts()}: a part of the line's own
     * type starts a row, the others fill columns of the row before them. So a statement's line is one
     * row (its parameters, counts and result on it) and an {@code ack} line that acknowledges several
     * records one row per record, all with the line's {@code seq}.
     */
    static List<String[]> csvRows(RecordedEvent r) {
        Event line = r.event();
        List<String[]> rows = new ArrayList<>(1);
        String[] row = null;
        for (Event part : line.parts()) {
            if (row == null || part.type() == line.type()) {
                // the first row speaks for the whole line (its summary), as the line did before it had parts
                row = head(r, rows.isEmpty() ? line : part);
                rows.add(row);
            }
            columns(row, part);
        }
        return rows;
    }

    private static String[] head(RecordedEvent r, Event e) {
        String[] c = new String[CSV_HEADER.length];
        c[0] = r.sessionId();
        c[1] = String.valueOf(r.sequence());
        c[2] = EventText.dateTime(e.timeMicros());
        c[3] = e.type().wireName();
        c[4] = e.identity() == null ? null : e.identity().principal();
        c[5] = call(e);
        c[17] = EventText.summary(e);
        return c;
    }

    private static void columns(String[] c, Event e) {
        if (e instanceof Statement s) {
            c[6] = s.sql();
        } else if (e instanceof Parameters p) {
            c[7] = p.sets().stream().map(EventText::parameters).collect(Collectors.joining(" | "));
        } else if (e instanceof Result res) {
            c[8] = String.valueOf(res.rowCount());
            StringJoiner j = new StringJoiner(" | ");
            res.rows().forEach(row -> j.add(EventText.row(row)));
            c[9] = j.toString();
        } else if (e instanceof UpdateCount u) {
            c[10] = u.counts().stream().map(String::valueOf).collect(Collectors.joining(" "));
        } else if (e instanceof Produce p) {
            c[11] = p.topic();
            c[12] = p.partition() == null ? null : String.valueOf(p.partition());
            c[14] = EventText.payload(p.key());
            c[15] = EventText.payload(p.value());
        } else if (e instanceof Consume k) {
            c[11] = k.topic();
            c[12] = String.valueOf(k.partition());
            c[13] = String.valueOf(k.offset());
            c[14] = EventText.payload(k.key());
            c[15] = EventText.payload(k.value());
        } else if (e instanceof Acknowledgement a) {
            c[11] = a.topic();
            c[12] = String.valueOf(a.partition());
            c[13] = String.valueOf(a.offset());
            c[16] = a.error();
        } else if (e instanceof Failure f) {
            c[16] = (f.sqlState() == null ? "" : f.sqlState() + " ") + f.message();
        }
    }

    private static String call(Event e) {
        long call;
        if (e instanceof Statement s) call = s.call();
        else if (e instanceof Parameters p) call = p.call();
        else if (e instanceof Result r) call = r.call();
        else if (e instanceof UpdateCount u) call = u.call();
        else if (e instanceof Failure f) call = f.call();
        else if (e instanceof Produce p) call = p.call();
        else if (e instanceof Acknowledgement a) call = a.call();
        else if (e instanceof Approval a) call = a.call();
        else if (e instanceof Denial d) call = d.call();
        else return null;
        return call == 0 ? null : String.valueOf(call);
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; rows end with CRLF. */
    static String csvRow(String[] cells) {
        StringJoiner j = new StringJoiner(",", "", "\r\n");
        for (String c : cells) {
            if (c == null) {
                j.add("");
            } else if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
                j.add('"' + c.replace("\"", "\"\"") + '"');
            } else {
                j.add(c);
            }
        }
        return j.toString();
    }

    /** stdout belongs to the command line: flushing is ours, closing is not. */
    private static final class NonClosingWriter extends Writer {
        private final Writer delegate;

        NonClosingWriter(Writer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            delegate.write(cbuf, off, len);
        }

        @Override
        public void flush() throws IOException {
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            delegate.flush();
        }
    }
}
