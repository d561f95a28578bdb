package dev.witness.cli.viewer;

import dev.witness.cli.EventText;
import dev.witness.cli.SessionCheck;
import dev.witness.cli.SessionFilter;
import dev.witness.recorder.event.*;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.storage.SessionDescriptor;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The viewer's two pages, as HTML strings: the session list with its filters, and one
 * session's timeline under its verification badge. No scripts, no external resources: the CSS
 * is inline and the Content-Security-Policy forbids everything else.
 */
final class Pages {
    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
            header{background:#1d2330;color:#fff;padding:10px 20px}header a{color:#fff;text-decoration:none;font-weight:600}
            header .store{color:#aab;margin-left:12px;font-weight:400}
            main{padding:16px 20px}
            table{border-collapse:collapse;background:#fff;width:100%}
            th,td{border-bottom:1px solid #e2e5ea;padding:4px 8px;text-align:left;vertical-align:top}
            th{background:#eef0f4;font-weight:600}
            code,.mono,td.time,td.seq{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
            form#filters{display:flex;flex-wrap:wrap;gap:8px;margin-bottom:12px;align-items:end}
            form#filters label{display:flex;flex-direction:column;font-size:12px;color:#555}
            form#filters input{padding:4px 6px;border:1px solid #bbb;border-radius:3px;min-width:120px}
            button{padding:5px 14px;border:0;border-radius:3px;background:#2f6fde;color:#fff;cursor:pointer}
            .badge{display:inline-block;padding:8px 14px;border-radius:4px;font-weight:600;margin-bottom:12px}
            .badge.ok{background:#dff5e3;color:#17622a;border:1px solid #8fd19e}
            .badge.open{background:#fff6d6;color:#7a5b00;border:1px solid #e8cf6b}
            .badge.failed{background:#fde2e1;color:#9b1c1c;border:1px solid #ee9c9a}
            .meta td:first-child{color:#666;width:110px}.meta{width:auto;margin-bottom:14px}
            tr.alarm td{background:#fff1f0}tr.alarm td.type{color:#b42318;font-weight:700}
            tr.gap td{background:#fff7e6}tr.gap td.type{color:#b54708;font-weight:700}
            tr.bad td{background:#fde2e1;border-top:2px solid #d92d20;border-bottom:2px solid #d92d20}
            tr.approval td.type{color:#175cd3;font-weight:600}
            td.type{white-space:nowrap}
            table.inner{width:auto;margin-top:4px;background:#fafbfc}table.inner td,table.inner th{font-size:12px;padding:2px 6px}
            .sql{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap}
            .muted{color:#777}.error{color:#b42318;font-weight:600}
            nav.pages{margin-top:10px}
            """;

    private Pages() {
    }

    private static Html page(String title, String store) {
        Html h = new Html();
        h.raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").text(title)
                .raw("</title><style>").raw(STYLE).raw("</style></head><body><header><a href=\"/\">Witness</a>")
                .raw("<span class=\"store\">").text(store).raw("</span></header><main>");
        return h;
    }

    private static String end(Html h) {
        return h.raw("</main></body></html>").toString();
    }

    /** The session list. {@code form} holds the submitted filter values (to fill the form again). */
    static String sessions(String store, Map<String, String> form, SessionFilter.Page page, String error) {
        Html h = page("Witness sessions", store);
        h.raw("<form id=\"filters\" method=\"get\" action=\"/\">");
        input(h, "identity", "identity", form);
        input(h, "target", "target", form);
        input(h, "source", "source", form);
        input(h, "since", "since (2h, ISO time)", form);
        input(h, "until", "until", form);
        input(h, "text", "text in SQL or topic", form);
        h.raw("<button id=\"apply\" type=\"submit\">Filter</button></form>");
        if (error != null) {
            h.raw("<p id=\"error\" class=\"error\">").text(error).raw("</p>");
            return end(h);
        }
        if (page.sessions().isEmpty()) {
            h.raw("<p id=\"empty\" class=\"muted\">No sessions match.</p>");
            return end(h);
        }
        h.raw("<table id=\"sessions\"><thead><tr><th>session</th><th>started (UTC)</th><th>source</th><th>identity</th>")
                .raw("<th>target</th><th>events</th><th>state</th></tr></thead><tbody>");
        for (SessionDescriptor d : page.sessions()) {
            h.raw("<tr class=\"session\"><td class=\"mono\"><a class=\"session-link\" href=\"/session/").text(Html.url(d.id()))
                    .raw("\">").text(d.id()).raw("</a></td>");
            h.el("td", "time", STARTED.format(d.startedAt())).el("td", null, d.source()).el("td", "identity", d.identity())
                    .el("td", null, d.target()).el("td", null, String.valueOf(d.eventCount()))
                    .el("td", null, d.endedAt() == null ? "open" : "ended");
            h.raw("</tr>");
        }
        h.raw("</tbody></table>");
        if (page.nextAfterId() != null) {
            StringBuilder q = new StringBuilder("/?after=").append(Html.url(page.nextAfterId()));
            form.forEach((k, v) -> {
                if (!k.equals("after") && v != null && !v.isBlank()) {
                    q.append('&').append(Html.url(k)).append('=').append(Html.url(v));
                }
            });
            h.raw("<nav class=\"pages\"><a id=\"next\" href=\"").text(q.toString()).raw("\">next page</a></nav>");
        }
        return end(h);
    }

    private static void input(Html h, String name, String label, Map<String, String> form) {
        h.raw("<label>").text(label).raw("<input name=\"").text(name).raw("\" id=\"f-").text(name).raw("\" value=\"")
                .text(form.getOrDefault(name, "")).raw("\"></label>");
    }

    /** One session: badge, metadata, timeline. */
    static String session(String store, SessionDescriptor d, SessionCheck check, List<RecordedEvent> events) {
        Html h = page("Witness session " + d.id(), store);
        String cls = !check.ok() ? "failed" : "OPEN".equals(check.status()) ? "open" : "ok";
        h.raw("<div id=\"verification\" class=\"badge ").raw(cls).raw("\">");
        if (!check.ok()) {
            h.text("FAILED verification: " + check.status()
                    + (check.badEvent() == null ? "" : ", first bad event " + check.badEvent()) + ": " + check.detail());
        } else if ("OPEN".equals(check.status())) {
            h.text("Intact so far, no session end yet (OPEN): " + check.events() + " events");
        } else {
            h.text("Verified: hash chain intact, " + check.events() + " events");
        }
        h.raw("</div>");
        h.raw("<table class=\"meta\">");
        meta(h, "session", d.id());
        meta(h, "source", d.source() + " -> " + d.target());
        meta(h, "identity", (d.identity() == null ? "-" : d.identity()) + (d.attributes().isEmpty() ? "" : " " + d.attributes()));
        meta(h, "application", (d.application() == null ? "-" : d.application()) + " on " + d.host() + " pid " + d.pid());
        meta(h, "started", d.startedAt() + (d.endedAt() == null ? " (open)" : ", ended " + d.endedAt()));
        h.raw("<tr><td>raw</td><td><a id=\"raw\" href=\"/session/").text(Html.url(d.id()))
                .raw("/lines.jsonl\">stored lines (JSON Lines)</a></td></tr></table>");
        h.raw("<table id=\"timeline\"><thead><tr><th>#</th><th>time (UTC)</th><th>who</th><th>type</th><th>what</th></tr></thead><tbody>");
        for (RecordedEvent r : events) {
            List<Event> parts = r.event().parts(); // a statement's line may carry its parameters, counts and result
            for (int i = 0; i < parts.size(); i++) {
                Event e = parts.get(i);
                String rowClass = "event " + e.type().wireName()
                        + (e instanceof Gap ? " gap" : EventText.alarming(e) ? " alarm" : "")
                        + (r.sequence() == check.badIndex() ? " bad" : "");
                h.raw("<tr class=\"").text(rowClass);
                if (i == 0) {
                    h.raw("\" id=\"e").text(String.valueOf(r.sequence()));
                }
                h.raw("\">");
                h.el("td", "seq", i == 0 ? String.valueOf(r.sequence()) : r.sequence() + "+")
                        .el("td", "time", EventText.dateTime(e.timeMicros()))
                        .el("td", "who", EventText.who(e)).el("td", "type", e.type().wireName());
                h.raw("<td class=\"what\">");
                what(h, e);
                h.raw("</td></tr>");
            }
        }
        h.raw("</tbody></table>");
        if (events.isEmpty()) {
            h.raw("<p class=\"muted\">No events could be read.</p>");
        }
        return end(h);
    }

    private static void meta(Html h, String k, String v) {
        h.raw("<tr><td>").text(k).raw("</td><td>").text(v).raw("</td></tr>");
    }

    private static void what(Html h, Event e) {
        if (e instanceof Statement s) {
            h.raw("<span class=\"muted\">").text("[" + s.kind() + "] ").raw("</span><span class=\"sql\">").text(s.sql()).raw("</span>");
            if (s.durationNanos() >= 0) {
                h.raw(" <span class=\"muted\">").text("(" + EventText.duration(s.durationNanos()) + ")").raw("</span>");
            }
        } else if (e instanceof Parameters p) {
            h.raw("<table class=\"inner params\"><tr><th>set</th><th>#</th><th>column</th><th>type</th><th>value</th></tr>");
            for (int i = 0; i < p.sets().size(); i++) {
                for (Parameter x : p.sets().get(i)) {
                    h.raw("<tr>").el("td", null, String.valueOf(i + 1)).el("td", null, String.valueOf(x.index()))
                            .el("td", null, x.column() != null ? x.column() : x.name()).el("td", null, x.jdbcType())
                            .el("td", "mono", x.value() == null ? "NULL" : x.value()).raw("</tr>");
                }
            }
            h.raw("</table>");
        } else if (e instanceof Result r) {
            h.text(r.rowCount() + (r.rowCount() == 1 ? " row read" : " rows read") + (r.truncated() ? " (capped)" : ""));
            if (!r.columns().isEmpty()) {
                h.raw("<table class=\"inner rows\"><tr>");
                r.columns().forEach(c -> h.el("th", null, c.label()));
                h.raw("</tr>");
                for (List<String> row : r.rows()) {
                    h.raw("<tr>");
                    row.forEach(v -> h.el("td", v == null ? "mono muted" : "mono", v == null ? "NULL" : v));
                    h.raw("</tr>");
                }
                h.raw("</table>");
            }
        } else if (e instanceof Produce p) {
            h.text(p.topic() + (p.partition() == null ? "" : " partition " + p.partition()));
            record(h, p.key(), p.value(), p.headers());
        } else if (e instanceof Consume c) {
            h.text(c.topic() + "-" + c.partition() + " @ " + c.offset() + (c.group() == null ? "" : ", group " + c.group()));
            record(h, c.key(), c.value(), c.headers());
        } else {
            h.text(EventText.summary(e));
        }
    }

    private static void record(Html h, Payload key, Payload value, List<Header> headers) {
        h.raw("<table class=\"inner record\">");
        h.raw("<tr>").el("th", null, "key").el("td", "mono", EventText.payload(key)).raw("</tr>");
        h.raw("<tr>").el("th", null, "value").el("td", "mono", EventText.payload(value)).raw("</tr>");
        for (Header x : headers) {
            h.raw("<tr>").el("th", null, "header " + x.key()).el("td", "mono", EventText.payload(x.value())).raw("</tr>");
        }
        h.raw("</table>");
    }

    /** A small page for errors (no such session, missing token). */
    static String message(String store, String title, String text) {
        Html h = page(title, store);
        h.raw("<p id=\"error\" class=\"error\">").text(text).raw("</p>");
        return end(h);
    }
}
