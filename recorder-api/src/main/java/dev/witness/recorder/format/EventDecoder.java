package dev.witness.recorder.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.*;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads stored lines back into events. The inverse of {@link EventEncoder} (with masking applied,
 * masked values stay masked). Thread-safe.
 */
public final class EventDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Decodes one stored line.
     *
     * @throws MalformedEventException naming what is wrong with the line
     */
    public RecordedEvent decode(byte[] line) {
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new MalformedEventException("not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
        if (n == null || !n.isObject()) {
            throw new MalformedEventException("not a JSON object");
        }
        int version = required(n, "v").asInt();
        if (version < 1 || version > FormatVersion.CURRENT) {
            throw new MalformedEventException("format version " + version + " is not supported (this reader reads 1.."
                    + FormatVersion.CURRENT + ")");
        }
        String typeName = required(n, "type").asText();
        EventType type = EventType.ofWireName(typeName);
        if (type == null) {
            throw new MalformedEventException("unknown event type '" + typeName + "'");
        }
        long time = parseTime(required(n, "ts").asText());
        Identity who = identity(n.get("who"));
        Event event = switchOn(type, n, time, who);
        return new RecordedEvent(required(n, "sid").asText(), required(n, "seq").asLong(), event,
                required(n, "prev").asText(), required(n, "hash").asText());
    }

    private static Event switchOn(EventType type, JsonNode n, long t, Identity who) {
        switch (type) {
            case SESSION_START:
                return new SessionStart(t, who, text(n, "source"), text(n, "target"), text(n, "app"), text(n, "host"),
                        n.path("pid").asLong());
            case SESSION_END:
                return new SessionEnd(t, who, n.path("count").asLong(), text(n, "last"));
            case STATEMENT: {
                long call = n.path("call").asLong();
                JsonNode result = n.get("result");
                return new Statement(t, who, call, text(n, "kind"), text(n, "sql"), n.path("dur_ns").asLong(),
                        parameterSets(n),
                        n.has("counts") ? updateCount(n, t, who, call) : null,
                        result == null || result.isNull() ? null
                                : result(result, parseTime(required(result, "ts").asText()), who, call));
            }
            case PARAMETERS:
                return new Parameters(t, who, n.path("call").asLong(), parameterSets(n));
            case RESULT:
                return result(n, t, who, n.path("call").asLong());
            case UPDATE_COUNT:
                return updateCount(n, t, who, n.path("call").asLong());
            case TRANSACTION:
                return new Transaction(t, who, text(n, "action"), text(n, "name"));
            case ERROR:
                return new Failure(t, who, n.path("call").asLong(), text(n, "class"), text(n, "sql_state"),
                        n.path("vendor_code").asInt(), text(n, "message"));
            case PRODUCE:
                return new Produce(t, who, n.path("call").asLong(), text(n, "topic"),
                        n.has("partition") ? n.get("partition").asInt() : null,
                        n.has("timestamp") ? n.get("timestamp").asLong() : null,
                        headers(n), payload(n.get("key")), payload(n.get("value")), text(n, "client_id"),
                        text(n, "txn_id"));
            case ACKNOWLEDGEMENT:
                return new Acknowledgement(t, who, n.path("call").asLong(), text(n, "topic"),
                        n.path("partition").asInt(), n.path("offset").asLong(), text(n, "error"), calls(n));
            case CONSUME:
                return new Consume(t, who, text(n, "topic"), n.path("partition").asInt(), n.path("offset").asLong(),
                        n.path("timestamp").asLong(), headers(n), payload(n.get("key")), payload(n.get("value")),
                        text(n, "group"), text(n, "member"));
            case OFFSET_COMMIT: {
                List<TopicOffset> offsets = new ArrayList<>();
                for (JsonNode o : n.path("offsets")) {
                    offsets.add(new TopicOffset(text(o, "topic"), o.path("partition").asInt(),
                            o.path("offset").asLong()));
                }
                return new OffsetCommit(t, who, text(n, "group"), text(n, "mode"), offsets);
            }
            case APPROVAL:
                return new Approval(t, who, n.path("call").asLong(), text(n, "request_id"), text(n, "rule"),
                        text(n, "decision"), text(n, "approver"), n.path("latency_ms").asLong(), text(n, "reason"));
            case DENIAL:
                return new Denial(t, who, n.path("call").asLong(), text(n, "rule"), text(n, "reason"));
            case GAP:
                return new Gap(t, who, n.path("dropped").asLong(), text(n, "reason"));
            default:
                throw new MalformedEventException("unhandled event type " + type);
        }
    }

    private static List<List<Parameter>> parameterSets(JsonNode n) {
        List<List<Parameter>> sets = new ArrayList<>();
        for (JsonNode set : n.path("sets")) {
            List<Parameter> params = new ArrayList<>();
            for (JsonNode p : set) {
                params.add(new Parameter(p.path("index").asInt(), text(p, "name"), text(p, "column"),
                        text(p, "type"), text(p, "value")));
            }
            sets.add(params);
        }
        return sets;
    }

    private static Result result(JsonNode n, long t, Identity who, long call) {
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : n.path("columns")) {
            columns.add(new Column(text(c, "label"), text(c, "table"), text(c, "type")));
        }
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode r : n.path("rows")) {
            List<String> row = new ArrayList<>();
            for (JsonNode v : r) {
                row.add(v.isNull() ? null : v.asText());
            }
            rows.add(row);
        }
        return new Result(t, who, call, columns, rows, n.path("row_count").asLong(), n.path("truncated").asBoolean(false));
    }

    /** The further calls of an ack line that carries several acknowledgements ("calls"), else none. */
    private static List<Long> calls(JsonNode n) {
        JsonNode calls = n.get("calls");
        if (calls == null) {
            return List.of();
        }
        List<Long> list = new ArrayList<>(calls.size());
        calls.forEach(c -> list.add(c.asLong()));
        return list;
    }

    private static UpdateCount updateCount(JsonNode n, long t, Identity who, long call) {
        List<Long> counts = new ArrayList<>();
        n.path("counts").forEach(c -> counts.add(c.asLong()));
        List<String> keys = new ArrayList<>();
        n.path("keys").forEach(k -> keys.add(k.asText()));
        return new UpdateCount(t, who, call, counts, keys);
    }

    private static List<Header> headers(JsonNode n) {
        List<Header> headers = new ArrayList<>();
        for (JsonNode h : n.path("headers")) {
            headers.add(new Header(text(h, "key"), payload(h.get("value"))));
        }
        return headers;
    }

    private static Payload payload(JsonNode p) {
        if (p == null || p.isNull()) {
            return null;
        }
        return new Payload(text(p, "text"), text(p, "enc"), p.path("size").asLong(), p.path("truncated").asBoolean(false),
                text(p, "sha256"));
    }

    private static Identity identity(JsonNode who) {
        if (who == null || who.isNull()) {
            return null;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = who.path("attrs").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            attrs.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return new Identity(text(who, "principal"), attrs);
    }

    private static JsonNode required(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new MalformedEventException("missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static long parseTime(String ts) {
        try {
            Instant i = Instant.parse(ts);
            return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
        } catch (RuntimeException e) {
            throw new MalformedEventException("field 'ts' is not an ISO-8601 instant: '" + ts + "'", e);
        }
    }
}
