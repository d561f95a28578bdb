package dev.witness.recorder.format;

import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.*;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encodes events as the stored JSON Lines format (docs/format.md), masking every value on the way
 * and closing each line with its place in the hash chain ({@link LineHash}).
 *
 * <p>Runs on the Recorder's writer thread only: not thread-safe, and it reuses one buffer and one
 * digest across lines. Masking happens here, while writing each field, so that no unmasked copy
 * of an event is ever built.
 */
public final class EventEncoder {
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Field names, encoded once with their quotes and colon. */
    private static final byte[] N_ACTION = JsonLine.name("action");
    private static final byte[] N_APP = JsonLine.name("app");
    private static final byte[] N_APPROVER = JsonLine.name("approver");
    private static final byte[] N_ATTRS = JsonLine.name("attrs");
    private static final byte[] N_CALL = JsonLine.name("call");
    private static final byte[] N_CLASS = JsonLine.name("class");
    private static final byte[] N_CLIENT_ID = JsonLine.name("client_id");
    private static final byte[] N_COLUMN = JsonLine.name("column");
    private static final byte[] N_COLUMNS = JsonLine.name("columns");
    private static final byte[] N_COUNT = JsonLine.name("count");
    private static final byte[] N_COUNTS = JsonLine.name("counts");
    private static final byte[] N_CALLS = JsonLine.name("calls");
    private static final byte[] N_DECISION = JsonLine.name("decision");
    private static final byte[] N_DROPPED = JsonLine.name("dropped");
    private static final byte[] N_DUR_NS = JsonLine.name("dur_ns");
    private static final byte[] N_ENC = JsonLine.name("enc");
    private static final byte[] N_ERROR = JsonLine.name("error");
    private static final byte[] N_GROUP = JsonLine.name("group");
    private static final byte[] N_HASH = JsonLine.name("hash");
    private static final byte[] N_HEADERS = JsonLine.name("headers");
    private static final byte[] N_HOST = JsonLine.name("host");
    private static final byte[] N_INDEX = JsonLine.name("index");
    private static final byte[] N_KEY = JsonLine.name("key");
    private static final byte[] N_KEYS = JsonLine.name("keys");
    private static final byte[] N_KIND = JsonLine.name("kind");
    private static final byte[] N_LABEL = JsonLine.name("label");
    private static final byte[] N_LAST = JsonLine.name("last");
    private static final byte[] N_LATENCY_MS = JsonLine.name("latency_ms");
    private static final byte[] N_MEMBER = JsonLine.name("member");
    private static final byte[] N_MESSAGE = JsonLine.name("message");
    private static final byte[] N_MODE = JsonLine.name("mode");
    private static final byte[] N_NAME = JsonLine.name("name");
    private static final byte[] N_OFFSET = JsonLine.name("offset");
    private static final byte[] N_OFFSETS = JsonLine.name("offsets");
    private static final byte[] N_PARTITION = JsonLine.name("partition");
    private static final byte[] N_PID = JsonLine.name("pid");
    private static final byte[] N_PREV = JsonLine.name("prev");
    private static final byte[] N_PRINCIPAL = JsonLine.name("principal");
    private static final byte[] N_REASON = JsonLine.name("reason");
    private static final byte[] N_REQUEST_ID = JsonLine.name("request_id");
    private static final byte[] N_RESULT = JsonLine.name("result");
    private static final byte[] N_ROW_COUNT = JsonLine.name("row_count");
    private static final byte[] N_ROWS = JsonLine.name("rows");
    private static final byte[] N_RULE = JsonLine.name("rule");
    private static final byte[] N_SEQ = JsonLine.name("seq");
    private static final byte[] N_SETS = JsonLine.name("sets");
    private static final byte[] N_SHA256 = JsonLine.name("sha256");
    private static final byte[] N_SID = JsonLine.name("sid");
    private static final byte[] N_SIZE = JsonLine.name("size");
    private static final byte[] N_SOURCE = JsonLine.name("source");
    private static final byte[] N_SQL = JsonLine.name("sql");
    private static final byte[] N_SQL_STATE = JsonLine.name("sql_state");
    private static final byte[] N_TABLE = JsonLine.name("table");
    private static final byte[] N_TARGET = JsonLine.name("target");
    private static final byte[] N_TEXT = JsonLine.name("text");
    private static final byte[] N_TIMESTAMP = JsonLine.name("timestamp");
    private static final byte[] N_TOPIC = JsonLine.name("topic");
    private static final byte[] N_TRUNCATED = JsonLine.name("truncated");
    private static final byte[] N_TS = JsonLine.name("ts");
    private static final byte[] N_TXN_ID = JsonLine.name("txn_id");
    private static final byte[] N_TYPE = JsonLine.name("type");
    private static final byte[] N_V = JsonLine.name("v");
    private static final byte[] N_VALUE = JsonLine.name("value");
    private static final byte[] N_VENDOR_CODE = JsonLine.name("vendor_code");
    private static final byte[] N_WHO = JsonLine.name("who");
    private static final byte[][] TYPE_NAMES = Arrays.stream(EventType.values())
            .map(t -> t.wireName().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

    private final Masker masker;
    private final boolean maskingOff;
    private final LineHash hash = new LineHash();
    private final TimeText time = new TimeText();
    private final JsonLine j = new JsonLine(1024);
    /** The hex of the hash being written; also the bytes of {@link #lastHash} for the next line's {@code prev}. */
    private final byte[] hashHex = new byte[64];
    private String lastHash;
    private String cachedSid;
    private byte[] cachedSidBytes;
    private SessionFields session;
    private String statementSql;

    public EventEncoder(Masker masker) {
        this.masker = masker;
        this.maskingOff = masker.isPassThrough();
    }

    /** The genesis {@code prev} of a session's first line. */
    public String genesis(String sessionId) {
        return hash.genesis(sessionId);
    }

    /**
     * Encodes one event as one line without its line terminator.
     *
     * @param session  the session's id, source and target
     * @param sequence the event's 0-based position in its session
     * @param event    the event
     * @param prev     the previous line's hash, or {@link #genesis} for the first line
     * @return the line's bytes; {@link #lastHash()} then returns its hash
     */
    public byte[] encode(SessionFields session, long sequence, Event event, String prev) {
        return encode(session, sequence, event, prev, null);
    }

    /**
     * As {@link #encode(SessionFields, long, Event, String)}, with the SQL text of the statement a
     * {@link Parameters} event belongs to, so that masking rules on a column also mask the
     * parameter that feeds it.
     */
    public byte[] encode(SessionFields session, long sequence, Event event, String prev, String statementSql) {
        this.session = session;
        this.statementSql = statementSql;
        j.reset();
        j.startObject();
        num(N_V, FormatVersion.CURRENT);
        j.field(N_SID);
        writeSessionId(session.sessionId());
        num(N_SEQ, sequence);
        j.field(N_TS);
        time.write(j, event.timeMicros());
        j.field(N_TYPE);
        byte[] type = TYPE_NAMES[event.type().ordinal()];
        j.asciiValue(type, 0, type.length);
        writeIdentity(event.identity());
        writeBody(event, sequence, prev);
        j.field(N_PREV);
        writeHex(prev);
        // the hash covers every byte so far; the hash field and the closing brace follow it
        hash.hexInto(j.bytes(), 0, j.size(), hashHex);
        lastHash = new String(hashHex, StandardCharsets.ISO_8859_1);
        j.field(N_HASH);
        j.asciiValue(hashHex, 0, hashHex.length);
        j.endObject();
        return j.toByteArray();
    }

    /** The hash of the line last returned by {@link #encode}. */
    public String lastHash() {
        return lastHash;
    }

    /** Session ids are ASCII letters and digits: written as they are, cached while lines of one session follow. */
    private void writeSessionId(String sid) {
        if (sid != cachedSid) {
            cachedSidBytes = plainAscii(sid) ? sid.getBytes(StandardCharsets.US_ASCII) : null;
            cachedSid = sid;
        }
        if (cachedSidBytes != null) {
            j.asciiValue(cachedSidBytes, 0, cachedSidBytes.length);
        } else {
            j.value(sid);
        }
    }

    /** A hash as stored: 64 hex digits written as they are; anything else (never from this encoder) escaped. */
    private void writeHex(String hex) {
        if (hex == lastHash) {
            j.asciiValue(hashHex, 0, hashHex.length); // the common case: the previous line of this session
        } else if (hex != null && plainAscii(hex)) {
            byte[] b = hex.getBytes(StandardCharsets.US_ASCII);
            j.asciiValue(b, 0, b.length);
        } else {
            j.value(hex);
        }
    }

    /** True if every char is an ASCII letter, digit, '-' or '_': nothing a JSON string would escape. */
    private static boolean plainAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** ISO-8601 UTC with microseconds; the text up to the second is cached, as events come in time order. */
    static final class TimeText {
        private final byte[] bytes = new byte[27];
        private long cachedSecond = Long.MIN_VALUE;

        /** Writes the time as a JSON string without building one: ASCII digits need no escaping. */
        void write(JsonLine j, long micros) {
            long second = Math.floorDiv(micros, 1_000_000L);
            if (second != cachedSecond) {
                String full = TS.format(Instant.ofEpochSecond(second));
                if (full.length() != 27) { // a year outside 0000..9999: no fixed layout, format it whole
                    j.value(TS.format(Instant.ofEpochSecond(second, Math.floorMod(micros, 1_000_000L) * 1000)));
                    return;
                }
                full.getBytes(0, 20, bytes, 0); // "uuuu-MM-ddTHH:mm:ss.", ASCII
                bytes[26] = 'Z';
                cachedSecond = second;
            }
            int fraction = (int) Math.floorMod(micros, 1_000_000L);
            for (int i = 25; i >= 20; i--) {
                bytes[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            j.asciiValue(bytes, 0, 27);
        }
    }

    private void writeIdentity(Identity identity) {
        if (identity == null) {
            return;
        }
        j.field(N_WHO);
        j.startObject();
        j.field(N_PRINCIPAL);
        j.value(mask(Kind.ATTRIBUTE, null, "principal", 0, identity.principal()));
        if (!identity.attributes().isEmpty()) {
            j.field(N_ATTRS);
            j.startObject();
            for (Map.Entry<String, String> e : new TreeMap<>(identity.attributes()).entrySet()) {
                j.field(e.getKey());
                j.value(mask(Kind.ATTRIBUTE, null, e.getKey(), 0, e.getValue()));
            }
            j.endObject();
        }
        j.endObject();
    }

    private void writeBody(Event event, long sequence, String prev) {
        if (event instanceof SessionStart e) {
            strOrNull(N_SOURCE, e.source());
            str(N_TARGET, mask(Kind.TEXT, null, "target", 0, e.target()));
            str(N_APP, e.application());
            str(N_HOST, e.host());
            num(N_PID, e.pid());
        } else if (event instanceof SessionEnd e) {
            num(N_COUNT, sequence);
            strOrNull(N_LAST, prev);
        } else if (event instanceof Statement e) {
            num(N_CALL, e.call());
            str(N_KIND, e.kind());
            str(N_SQL, mask(Kind.SQL_TEXT, null, null, 0, e.sql()));
            num(N_DUR_NS, e.durationNanos());
            if (!e.parameters().isEmpty()) {
                statementSql = e.sql();
                writeParameterSets(e.parameters());
            }
            if (e.updateCount() != null) {
                writeCounts(e.updateCount());
            }
            if (e.result() != null) {
                j.field(N_RESULT);
                j.startObject();
                j.field(N_TS);
                time.write(j, e.result().timeMicros());
                writeResultBody(e.result());
                j.endObject();
            }
        } else if (event instanceof Parameters e) {
            num(N_CALL, e.call());
            writeParameterSets(e.sets());
        } else if (event instanceof Result e) {
            num(N_CALL, e.call());
            writeResultBody(e);
        } else if (event instanceof UpdateCount e) {
            num(N_CALL, e.call());
            writeCounts(e);
        } else if (event instanceof Transaction e) {
            str(N_ACTION, e.action());
            str(N_NAME, e.name());
        } else if (event instanceof Failure e) {
            num(N_CALL, e.call());
            str(N_CLASS, e.exceptionClass());
            str(N_SQL_STATE, e.sqlState());
            num(N_VENDOR_CODE, e.vendorCode());
            str(N_MESSAGE, mask(Kind.ERROR_MESSAGE, null, null, 0, e.message()));
        } else if (event instanceof Produce e) {
            num(N_CALL, e.call());
            str(N_TOPIC, e.topic());
            if (e.partition() != null) {
                num(N_PARTITION, e.partition());
            }
            if (e.recordTimestamp() != null) {
                num(N_TIMESTAMP, e.recordTimestamp());
            }
            writeRecord(e.topic(), e.headers(), e.key(), e.value());
            str(N_CLIENT_ID, e.clientId());
            str(N_TXN_ID, e.transactionalId());
        } else if (event instanceof Acknowledgement e) {
            num(N_CALL, e.call());
            str(N_TOPIC, e.topic());
            num(N_PARTITION, e.partition());
            num(N_OFFSET, e.offset());
            str(N_ERROR, mask(Kind.ERROR_MESSAGE, null, null, 0, e.error()));
            if (!e.moreCalls().isEmpty()) {
                numbers(N_CALLS, e.moreCalls());
            }
        } else if (event instanceof Consume e) {
            str(N_TOPIC, e.topic());
            num(N_PARTITION, e.partition());
            num(N_OFFSET, e.offset());
            num(N_TIMESTAMP, e.recordTimestamp());
            writeRecord(e.topic(), e.headers(), e.key(), e.value());
            str(N_GROUP, e.group());
            str(N_MEMBER, e.member());
        } else if (event instanceof OffsetCommit e) {
            str(N_GROUP, e.group());
            str(N_MODE, e.mode());
            j.field(N_OFFSETS);
            j.startArray();
            for (TopicOffset o : e.offsets()) {
                j.startObject();
                str(N_TOPIC, o.topic());
                num(N_PARTITION, o.partition());
                num(N_OFFSET, o.offset());
                j.endObject();
            }
            j.endArray();
        } else if (event instanceof Approval e) {
            num(N_CALL, e.call());
            str(N_REQUEST_ID, e.requestId());
            str(N_RULE, e.rule());
            str(N_DECISION, e.decision());
            str(N_APPROVER, e.approver());
            num(N_LATENCY_MS, e.latencyMillis());
            str(N_REASON, mask(Kind.TEXT, null, "reason", 0, e.reason()));
        } else if (event instanceof Denial e) {
            num(N_CALL, e.call());
            str(N_RULE, e.rule());
            str(N_REASON, mask(Kind.TEXT, null, "reason", 0, e.reason()));
        } else if (event instanceof Gap e) {
            num(N_DROPPED, e.dropped());
            str(N_REASON, e.reason());
        }
    }

    private void writeParameterSets(List<List<Parameter>> sets) {
        j.field(N_SETS);
        j.startArray();
        for (List<Parameter> set : sets) {
            j.startArray();
            for (Parameter p : set) {
                writeParameter(p);
            }
            j.endArray();
        }
        j.endArray();
    }

    private void writeCounts(UpdateCount e) {
        numbers(N_COUNTS, e.counts());
        if (!e.generatedKeys().isEmpty()) {
            j.field(N_KEYS);
            j.startArray();
            for (String k : e.generatedKeys()) {
                j.value(mask(Kind.RESULT_VALUE, null, "generated_key", 0, k));
            }
            j.endArray();
        }
    }

    private void writeParameter(Parameter p) {
        j.startObject();
        num(N_INDEX, p.index());
        str(N_NAME, p.name());
        str(N_COLUMN, p.column());
        str(N_TYPE, p.jdbcType());
        String table = null;
        String column = p.column() != null ? p.column() : p.name();
        if (p.column() != null) {
            int dot = p.column().lastIndexOf('.');
            if (dot > 0) {
                table = p.column().substring(0, dot);
                column = p.column().substring(dot + 1);
            }
        }
        j.field(N_VALUE);
        String value = p.value();
        if (!maskingOff && value != null) {
            // without a known column, the masker binds the parameter from the statement text itself
            value = masker.mask(new MaskedField(Kind.PARAMETER, session.source(), session.target(), table,
                    p.column() != null ? column : null, p.index(), statementSql), value);
        }
        j.value(value);
        j.endObject();
    }

    private void writeResultBody(Result e) {
        List<Column> columns = e.columns();
        if (!columns.isEmpty()) {
            j.field(N_COLUMNS);
            j.startArray();
            for (Column c : columns) {
                j.startObject();
                str(N_LABEL, c.label());
                str(N_TABLE, c.table());
                str(N_TYPE, c.jdbcType());
                j.endObject();
            }
            j.endArray();
        }
        if (!e.rows().isEmpty()) {
            j.field(N_ROWS);
            j.startArray();
            for (List<String> row : e.rows()) {
                j.startArray();
                for (int i = 0; i < row.size(); i++) {
                    Column c = i < columns.size() ? columns.get(i) : null;
                    j.value(mask(Kind.RESULT_VALUE, c == null ? null : c.table(), c == null ? null : c.label(),
                            i + 1, row.get(i)));
                }
                j.endArray();
            }
            j.endArray();
        }
        num(N_ROW_COUNT, e.rowCount());
        if (e.truncated()) {
            j.field(N_TRUNCATED);
            j.bool(true);
        }
    }

    private void writeRecord(String topic, List<Header> headers, Payload key, Payload value) {
        if (!headers.isEmpty()) {
            j.field(N_HEADERS);
            j.startArray();
            for (Header h : headers) {
                j.startObject();
                str(N_KEY, h.key());
                writePayload(N_VALUE, Kind.KAFKA_HEADER, topic, h.key(), h.value());
                j.endObject();
            }
            j.endArray();
        }
        writePayload(N_KEY, Kind.KAFKA_KEY, topic, null, key);
        writePayload(N_VALUE, Kind.KAFKA_VALUE, topic, null, value);
    }

    private void writePayload(byte[] field, Kind kind, String topic, String name, Payload p) {
        if (p == null) {
            return;
        }
        j.field(field);
        j.startObject();
        j.field(N_TEXT);
        byte[] bytes = p.bytes();
        if (bytes != null && maskingOff) {
            // the bytes form, nothing to mask: straight from the bytes, the same JSON as their text gives
            if (Payload.UTF8.equals(p.encoding())) {
                j.utf8Value(bytes, 0, bytes.length);
            } else {
                j.base64Value(bytes, 0, bytes.length);
            }
        } else {
            String text = p.text();
            if (!maskingOff && text != null) {
                text = masker.mask(new MaskedField(kind, session.source(), topic, null, name, 0), text);
            }
            j.value(text);
        }
        str(N_ENC, p.encoding());
        num(N_SIZE, p.size());
        if (p.truncated()) {
            j.field(N_TRUNCATED);
            j.bool(true);
        }
        str(N_SHA256, p.sha256());
        j.endObject();
    }

    private String mask(Kind kind, String table, String name, int position, String value) {
        if (maskingOff || value == null) {
            return value;
        }
        return masker.mask(new MaskedField(kind, session.source(), session.target(), table, name, position), value);
    }

    private void num(byte[] name, long value) {
        j.field(name);
        j.number(value);
    }

    /** An array of numbers. */
    private void numbers(byte[] name, List<Long> values) {
        j.field(name);
        j.startArray();
        for (Long v : values) {
            j.number(v);
        }
        j.endArray();
    }

    /** A text field, left out when the value is null. */
    private void str(byte[] name, String value) {
        if (value != null) {
            j.field(name);
            j.value(value);
        }
    }

    /** A text field, written as {@code null} when the value is null. */
    private void strOrNull(byte[] name, String value) {
        j.field(name);
        j.value(value);
    }
}
