package dev.witness.cli;

import dev.witness.recorder.event.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.StringJoiner;

/**
 * What one event says, in one line of text: shared by {@code show} and the viewer so that both
 * tell the same story. Values appear as stored: masked values stay masked.
 */
public final class EventText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private EventText() {
    }

    /** The event's time as an instant. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /** {@code 20:30:00.123456} (UTC). */
    public static String time(long micros) {
        return TIME.format(instant(micros));
    }

    /** {@code 2026-11-22T20:30:00.123456Z}. */
    public static String dateTime(long micros) {
        return DATE_TIME.format(instant(micros));
    }

    /** The principal, or {@code -}. */
    public static String who(Event e) {
        return e.identity() == null || e.identity().principal() == null ? "-" : e.identity().principal();
    }

    /** True for the events an auditor must not miss: errors, denials, gaps. */
    public static boolean alarming(Event e) {
        return e instanceof Failure || e instanceof Denial || e instanceof Gap
                || (e instanceof Acknowledgement a && a.error() != null)
                || (e instanceof Approval a && !"approved".equalsIgnoreCase(a.decision()));
    }

    /** One line: what happened. */
    public static String summary(Event e) {
        if (e instanceof SessionStart s) {
            return s.source() + " -> " + s.target() + (s.application() == null ? "" : "  app=" + s.application())
                    + "  host=" + s.host() + " pid=" + s.pid();
        }
        if (e instanceof SessionEnd s) {
            return s.eventCount() + " events before the end";
        }
        if (e instanceof Statement s) {
            return "[" + s.kind() + "] " + oneLine(s.sql()) + (s.durationNanos() >= 0 ? "  (" + duration(s.durationNanos()) + ")" : "");
        }
        if (e instanceof Parameters p) {
            if (p.sets().size() == 1) {
                return parameters(p.sets().get(0));
            }
            StringJoiner j = new StringJoiner(" ", p.sets().size() + " sets: ", "");
            for (List<Parameter> set : p.sets()) {
                j.add("[" + parameters(set) + "]");
            }
            return j.toString();
        }
        if (e instanceof Result r) {
            StringBuilder b = new StringBuilder();
            b.append(r.rowCount()).append(r.rowCount() == 1 ? " row" : " rows");
            if (!r.columns().isEmpty()) {
                StringJoiner cols = new StringJoiner(", ", " (", ")");
                r.columns().forEach(c -> cols.add(c.label()));
                b.append(cols);
            }
            if (!r.rows().isEmpty()) {
                b.append(": ").append(row(r.rows().get(0)));
                if (r.rows().size() > 1) {
                    b.append(" ... ").append(r.rows().size() - 1).append(" more");
                }
            }
            if (r.truncated()) {
                b.append("  [capped]");
            }
            return b.toString();
        }
        if (e instanceof UpdateCount u) {
            String counts = u.counts().size() == 1 ? String.valueOf(u.counts().get(0)) : u.counts().toString();
            return "updated " + counts + (u.generatedKeys().isEmpty() ? "" : "  keys " + u.generatedKeys());
        }
        if (e instanceof Transaction t) {
            return t.action() + (t.name() == null ? "" : " " + t.name());
        }
        if (e instanceof Failure f) {
            return (f.sqlState() == null ? "" : f.sqlState() + " ") + oneLine(f.message()) + "  (" + f.exceptionClass() + ")";
        }
        if (e instanceof Produce p) {
            return p.topic() + (p.partition() == null ? "" : "[" + p.partition() + "]") + "  key=" + payload(p.key())
                    + " value=" + payload(p.value()) + headers(p.headers());
        }
        if (e instanceof Acknowledgement a) {
            return a.error() != null ? a.topic() + " failed: " + oneLine(a.error())
                    : a.topic() + "-" + a.partition() + "@" + a.offset();
        }
        if (e instanceof Consume c) {
            return c.topic() + "-" + c.partition() + "@" + c.offset() + "  key=" + payload(c.key()) + " value="
                    + payload(c.value()) + headers(c.headers()) + (c.group() == null ? "" : "  group=" + c.group());
        }
        if (e instanceof OffsetCommit o) {
            StringJoiner j = new StringJoiner(", ");
            o.offsets().forEach(t -> j.add(t.topic() + "-" + t.partition() + "@" + t.offset()));
            return o.mode() + " group=" + o.group() + ": " + j;
        }
        if (e instanceof Approval a) {
            return a.decision() + " by " + (a.approver() == null ? "-" : a.approver()) + "  rule=" + a.rule()
                    + "  (" + a.latencyMillis() + " ms)" + (a.reason() == null ? "" : "  " + oneLine(a.reason()));
        }
        if (e instanceof Denial d) {
            return "rule=" + d.rule() + "  " + oneLine(d.reason());
        }
        if (e instanceof Gap g) {
            return g.dropped() + " events not recorded here (" + g.reason() + ")";
        }
        return e.type().wireName();
    }

    /** {@code customers.id=42, ?2='x'}. */
    public static String parameters(List<Parameter> set) {
        StringJoiner j = new StringJoiner(", ");
        for (Parameter p : set) {
            String name = p.column() != null ? p.column() : p.name() != null ? p.name() : "?" + p.index();
            j.add(name + "=" + (p.value() == null ? "NULL" : p.value()));
        }
        return j.toString();
    }

    /** {@code [42, Ada, NULL]}. */
    public static String row(List<String> row) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        row.forEach(v -> j.add(v == null ? "NULL" : v));
        return j.toString();
    }

    /** A payload as text: UTF-8 as is, base64 marked, a capped value marked with its size. */
    public static String payload(Payload p) {
        if (p == null) {
            return "null";
        }
        String text = Payload.BASE64.equals(p.encoding()) ? "base64:" + p.text() : p.text();
        return oneLine(text) + (p.truncated() ? "...[" + p.size() + " bytes, capped]" : "");
    }

    private static String headers(List<Header> headers) {
        if (headers.isEmpty()) {
            return "";
        }
        StringJoiner j = new StringJoiner(", ", "  headers {", "}");
        headers.forEach(h -> j.add(h.key() + "=" + payload(h.value())));
        return j.toString();
    }

    /** {@code 850 µs}, {@code 12.3 ms}, {@code 2.1 s}. */
    public static String duration(long nanos) {
        if (nanos < 1_000_000L) {
            return (nanos / 1000) + " µs";
        }
        if (nanos < 1_000_000_000L) {
            return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Line breaks and tabs as spaces, so that one event stays one line. */
    public static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ").strip();
    }
}
