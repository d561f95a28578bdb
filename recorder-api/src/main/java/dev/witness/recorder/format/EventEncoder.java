package dev.witness.recorder.format;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** Never closes the buffer it writes to; one generator per encoder is reused for every line. */
    private static final JsonFactory JSON = new JsonFactory()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Masker masker;
    private final boolean maskingOff;
    private final LineHash hash = new LineHash();
    private final TimeText time = new TimeText();
    private final Buffer buffer = new Buffer(1024);
    private String lastHash;
    private SessionFields session;
    /** Reused across lines (each line is one root-level object, with no separator between them). */
    private JsonGenerator generator;
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
        buffer.reset();
        try {
            JsonGenerator g = generator();
            // the fields of every line: names pre-encoded, values that need no escaping written as raw bytes
            g.writeStartObject();
            g.writeFieldName(F_V);
            g.writeNumber(FormatVersion.CURRENT);
            g.writeFieldName(F_SID);
            writeSessionId(g, session.sessionId());
            g.writeFieldName(F_SEQ);
            g.writeNumber(sequence);
            g.writeFieldName(F_TS);
            time.write(g, event.timeMicros());
            g.writeFieldName(F_TYPE);
            g.writeString(TYPE_NAMES[event.type().ordinal()]);
            writeIdentity(g, event.identity());
            writeBody(g, event, sequence, prev);
            g.writeFieldName(F_PREV);
            writeHex(g, prev);
            g.flush();
            // the hash covers every byte so far; the hash field and the closing brace follow it
            hash.hexInto(buffer.bytes(), 0, buffer.size(), hashHex);
            lastHash = new String(hashHex, StandardCharsets.ISO_8859_1);
            g.writeFieldName(F_HASH);
            g.writeRawUTF8String(hashHex, 0, hashHex.length);
            g.writeEndObject();
            g.flush();
        } catch (IOException e) {
            generator = null; // left inside an object: start the next line on a fresh one
            throw new UncheckedIOException("cannot encode " + event.type().wireName() + " event", e);
        } catch (RuntimeException e) {
            generator = null;
            throw e;
        }
        return buffer.toByteArray();
    }

    private JsonGenerator generator() throws IOException {
        if (generator == null) {
            generator = JSON.createGenerator(buffer, JsonEncoding.UTF8);
            generator.setRootValueSeparator(null);
        }
        return generator;
    }

    private static final SerializedString F_V = new SerializedString("v");
    private static final SerializedString F_SID = new SerializedString("sid");
    private static final SerializedString F_SEQ = new SerializedString("seq");
    private static final SerializedString F_TS = new SerializedString("ts");
    private static final SerializedString F_TYPE = new SerializedString("type");
    private static final SerializedString F_PREV = new SerializedString("prev");
    private static final SerializedString F_HASH = new SerializedString("hash");
    private static final SerializedString F_PRINCIPAL = new SerializedString("principal");
    private static final SerializedString F_ATTRS = new SerializedString("attrs");
    private static final SerializedString F_CALL = new SerializedString("call");
    private static final SerializedString F_KIND = new SerializedString("kind");
    private static final SerializedString F_SQL = new SerializedString("sql");
    private static final SerializedString F_DUR_NS = new SerializedString("dur_ns");
    private static final SerializedString F_SETS = new SerializedString("sets");
    private static final SerializedString F_INDEX = new SerializedString("index");
    private static final SerializedString F_NAME = new SerializedString("name");
    private static final SerializedString F_COLUMN = new SerializedString("column");
    private static final SerializedString F_VALUE = new SerializedString("value");
    private static final SerializedString F_RESULT = new SerializedString("result");
    private static final SerializedString F_COLUMNS = new SerializedString("columns");
    private static final SerializedString F_LABEL = new SerializedString("label");
    private static final SerializedString F_TABLE = new SerializedString("table");
    private static final SerializedString F_ROWS = new SerializedString("rows");
    private static final SerializedString F_ROW_COUNT = new SerializedString("row_count");
    private static final SerializedString F_TRUNCATED = new SerializedString("truncated");
    private static final SerializedString F_COUNTS = new SerializedString("counts");
    private static final SerializedString F_KEYS = new SerializedString("keys");
    private static final SerializedString[] TYPE_NAMES = Arrays.stream(EventType.values())
            .map(t -> new SerializedString(t.wireName())).toArray(SerializedString[]::new);

    /** The hex of the hash being written; also the bytes of {@link #lastHash} for the next line's {@code prev}. */
    private final byte[] hashHex = new byte[64];
    private String cachedSid;
    private byte[] cachedSidBytes;

    /** Session ids are ASCII letters and digits: written as raw bytes, cached while lines of one session follow. */
    private void writeSessionId(JsonGenerator g, String sid) throws IOException {
        if (sid != cachedSid) {
            cachedSidBytes = plainAscii(sid) ? sid.getBytes(StandardCharsets.US_ASCII) : null;
            cachedSid = sid;
        }
        if (cachedSidBytes != null) {
            g.writeRawUTF8String(cachedSidBytes, 0, cachedSidBytes.length);
        } else {
            text(g, sid);
        }
    }

    /** A hash as stored: 64 hex digits written as they are; anything else (never from this encoder) escaped. */
    private void writeHex(JsonGenerator g, String hex) throws IOException {
        if (hex == lastHash) {
            g.writeRawUTF8String(hashHex, 0, hashHex.length); // the common case: the previous line of this session
        } else if (plainAscii(hex)) {
            byte[] b = hex.getBytes(StandardCharsets.US_ASCII);
            g.writeRawUTF8String(b, 0, b.length);
        } else {
            text(g, hex);
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

    /** The hash of the line last returned by {@link #encode}. */
    public String lastHash() {
        return lastHash;
    }

    /** ISO-8601 UTC with microseconds; the text up to the second is cached, as events come in time order. */
    static final class TimeText {
        private long cachedSecond = Long.MIN_VALUE;
        private String cachedPrefix;
        private final char[] out = new char[27];
        private final byte[] bytes = new byte[27];
        private long bytesSecond = Long.MIN_VALUE;

        /** Writes the time as a JSON string without building one: ASCII digits need no escaping. */
        void write(JsonGenerator g, long micros) throws IOException {
            long second = Math.floorDiv(micros, 1_000_000L);
            if (second != bytesSecond) {
                String full = TS.format(Instant.ofEpochSecond(second));
                if (full.length() != 27) { // a year outside 0000..9999: no fixed layout
                    g.writeString(format(micros));
                    return;
                }
                full.getBytes(0, 20, bytes, 0); // "uuuu-MM-ddTHH:mm:ss.", ASCII
                bytes[26] = 'Z';
                bytesSecond = second;
            }
            int fraction = (int) Math.floorMod(micros, 1_000_000L);
            for (int i = 25; i >= 20; i--) {
                bytes[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            g.writeRawUTF8String(bytes, 0, 27);
        }

        String format(long micros) {
            long second = Math.floorDiv(micros, 1_000_000L);
            if (second != cachedSecond) {
                String full = TS.format(Instant.ofEpochSecond(second));
                if (full.length() != 27) { // a year outside 0000..9999: no fixed layout, format it whole
                    return TS.format(Instant.ofEpochSecond(second, Math.floorMod(micros, 1_000_000L) * 1000));
                }
                cachedPrefix = full.substring(0, 20); // "uuuu-MM-ddTHH:mm:ss."
                cachedSecond = second;
            }
            cachedPrefix.getChars(0, 20, out, 0);
            int fraction = (int) Math.floorMod(micros, 1_000_000L);
            for (int i = 25; i >= 20; i--) {
                out[i] = (char) ('0' + fraction % 10);
                fraction /= 10;
            }
            out[26] = 'Z';
            return new String(out);
        }
    }

    private void writeIdentity(JsonGenerator g, Identity identity) throws IOException {
        if (identity == null) {
            return;
        }
        g.writeObjectFieldStart("who");
        g.writeFieldName(F_PRINCIPAL);
        text(g, mask(Kind.ATTRIBUTE, null, "principal", 0, identity.principal()));
        if (!identity.attributes().isEmpty()) {
            g.writeFieldName(F_ATTRS);
            g.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(identity.attributes()).entrySet()) {
                g.writeFieldName(e.getKey());
                text(g, mask(Kind.ATTRIBUTE, null, e.getKey(), 0, e.getValue()));
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeBody(JsonGenerator g, Event event, long sequence, String prev) throws IOException {
        if (event instanceof SessionStart e) {
            g.writeStringField("source", e.source());
            textField(g, "target", mask(Kind.TEXT, null, "target", 0, e.target()));
            textField(g, "app", e.application());
            textField(g, "host", e.host());
            g.writeNumberField("pid", e.pid());
        } else if (event instanceof SessionEnd e) {
            g.writeNumberField("count", sequence);
            g.writeStringField("last", prev);
        } else if (event instanceof Statement e) {
            writeNumberField(g, F_CALL, e.call());
            textField(g, F_KIND, e.kind());
            textField(g, F_SQL, mask(Kind.SQL_TEXT, null, null, 0, e.sql()));
            writeNumberField(g, F_DUR_NS, e.durationNanos());
            if (!e.parameters().isEmpty()) {
                statementSql = e.sql();
                writeParameterSets(g, e.parameters());
            }
            if (e.updateCount() != null) {
                writeCounts(g, e.updateCount());
            }
            if (e.result() != null) {
                g.writeFieldName(F_RESULT);
                g.writeStartObject();
                g.writeFieldName(F_TS);
                time.write(g, e.result().timeMicros());
                writeResultBody(g, e.result());
                g.writeEndObject();
            }
        } else if (event instanceof Parameters e) {
            writeNumberField(g, F_CALL, e.call());
            writeParameterSets(g, e.sets());
        } else if (event instanceof Result e) {
            writeNumberField(g, F_CALL, e.call());
            writeResultBody(g, e);
        } else if (event instanceof UpdateCount e) {
            writeNumberField(g, F_CALL, e.call());
            writeCounts(g, e);
        } else if (event instanceof Transaction e) {
            textField(g, "action", e.action());
            textField(g, "name", e.name());
        } else if (event instanceof Failure e) {
            g.writeNumberField("call", e.call());
            textField(g, "class", e.exceptionClass());
            textField(g, "sql_state", e.sqlState());
            g.writeNumberField("vendor_code", e.vendorCode());
            textField(g, "message", mask(Kind.ERROR_MESSAGE, null, null, 0, e.message()));
        } else if (event instanceof Produce e) {
            g.writeNumberField("call", e.call());
            textField(g, "topic", e.topic());
            if (e.partition() != null) {
                g.writeNumberField("partition", e.partition());
            }
            if (e.recordTimestamp() != null) {
                g.writeNumberField("timestamp", e.recordTimestamp());
            }
            writeRecord(g, e.topic(), e.headers(), e.key(), e.value());
            textField(g, "client_id", e.clientId());
            textField(g, "txn_id", e.transactionalId());
        } else if (event instanceof Acknowledgement e) {
            g.writeNumberField("call", e.call());
            textField(g, "topic", e.topic());
            g.writeNumberField("partition", e.partition());
            g.writeNumberField("offset", e.offset());
            textField(g, "error", mask(Kind.ERROR_MESSAGE, null, null, 0, e.error()));
        } else if (event instanceof Consume e) {
            textField(g, "topic", e.topic());
            g.writeNumberField("partition", e.partition());
            g.writeNumberField("offset", e.offset());
            g.writeNumberField("timestamp", e.recordTimestamp());
            writeRecord(g, e.topic(), e.headers(), e.key(), e.value());
            textField(g, "group", e.group());
            textField(g, "member", e.member());
        } else if (event instanceof OffsetCommit e) {
            textField(g, "group", e.group());
            textField(g, "mode", e.mode());
            g.writeArrayFieldStart("offsets");
            for (TopicOffset o : e.offsets()) {
                g.writeStartObject();
                textField(g, "topic", o.topic());
                g.writeNumberField("partition", o.partition());
                g.writeNumberField("offset", o.offset());
                g.writeEndObject();
            }
            g.writeEndArray();
        } else if (event instanceof Approval e) {
            g.writeNumberField("call", e.call());
            textField(g, "request_id", e.requestId());
            textField(g, "rule", e.rule());
            textField(g, "decision", e.decision());
            textField(g, "approver", e.approver());
            g.writeNumberField("latency_ms", e.latencyMillis());
            textField(g, "reason", mask(Kind.TEXT, null, "reason", 0, e.reason()));
        } else if (event instanceof Denial e) {
            g.writeNumberField("call", e.call());
            textField(g, "rule", e.rule());
            textField(g, "reason", mask(Kind.TEXT, null, "reason", 0, e.reason()));
        } else if (event instanceof Gap e) {
            g.writeNumberField("dropped", e.dropped());
            textField(g, "reason", e.reason());
        }
    }

    private void writeParameterSets(JsonGenerator g, List<List<Parameter>> sets) throws IOException {
        g.writeFieldName(F_SETS);
        g.writeStartArray();
        for (List<Parameter> set : sets) {
            g.writeStartArray();
            for (Parameter p : set) {
                writeParameter(g, p);
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private void writeCounts(JsonGenerator g, UpdateCount e) throws IOException {
        g.writeFieldName(F_COUNTS);
        g.writeStartArray();
        for (Long c : e.counts()) {
            g.writeNumber(c);
        }
        g.writeEndArray();
        if (!e.generatedKeys().isEmpty()) {
            g.writeFieldName(F_KEYS);
            g.writeStartArray();
            for (String k : e.generatedKeys()) {
                text(g, mask(Kind.RESULT_VALUE, null, "generated_key", 0, k));
            }
            g.writeEndArray();
        }
    }

    private void writeParameter(JsonGenerator g, Parameter p) throws IOException {
        g.writeStartObject();
        writeNumberField(g, F_INDEX, p.index());
        textField(g, F_NAME, p.name());
        textField(g, F_COLUMN, p.column());
        textField(g, F_TYPE, p.jdbcType());
        String table = null;
        String column = p.column() != null ? p.column() : p.name();
        if (p.column() != null) {
            int dot = p.column().lastIndexOf('.');
            if (dot > 0) {
                table = p.column().substring(0, dot);
                column = p.column().substring(dot + 1);
            }
        }
        g.writeFieldName(F_VALUE);
        String value = p.value();
        if (!maskingOff && value != null) {
            // without a known column, the masker binds the parameter from the statement text itself
            value = masker.mask(new MaskedField(Kind.PARAMETER, session.source(), session.target(), table,
                    p.column() != null ? column : null, p.index(), statementSql), value);
        }
        text(g, value);
        g.writeEndObject();
    }

    private void writeResultBody(JsonGenerator g, Result e) throws IOException {
        List<Column> columns = e.columns();
        if (!columns.isEmpty()) {
            g.writeFieldName(F_COLUMNS);
            g.writeStartArray();
            for (Column c : columns) {
                g.writeStartObject();
                textField(g, F_LABEL, c.label());
                textField(g, F_TABLE, c.table());
                textField(g, F_TYPE, c.jdbcType());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.rows().isEmpty()) {
            g.writeFieldName(F_ROWS);
            g.writeStartArray();
            for (List<String> row : e.rows()) {
                g.writeStartArray();
                for (int i = 0; i < row.size(); i++) {
                    Column c = i < columns.size() ? columns.get(i) : null;
                    text(g, mask(Kind.RESULT_VALUE, c == null ? null : c.table(), c == null ? null : c.label(),
                            i + 1, row.get(i)));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        writeNumberField(g, F_ROW_COUNT, e.rowCount());
        if (e.truncated()) {
            g.writeFieldName(F_TRUNCATED);
            g.writeBoolean(true);
        }
    }

    private void writeRecord(JsonGenerator g, String topic, List<Header> headers, Payload key, Payload value)
            throws IOException {
        if (!headers.isEmpty()) {
            g.writeArrayFieldStart("headers");
            for (Header h : headers) {
                g.writeStartObject();
                textField(g, "key", h.key());
                writePayload(g, "value", Kind.KAFKA_HEADER, topic, h.key(), h.value());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        writePayload(g, "key", Kind.KAFKA_KEY, topic, null, key);
        writePayload(g, "value", Kind.KAFKA_VALUE, topic, null, value);
    }

    private void writePayload(JsonGenerator g, String field, Kind kind, String topic, String name, Payload p)
            throws IOException {
        if (p == null) {
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeFieldName("text");
        String text = p.text();
        if (!maskingOff && text != null) {
            text = masker.mask(new MaskedField(kind, session.source(), topic, null, name, 0), text);
        }
        text(g, text);
        textField(g, "enc", p.encoding());
        g.writeNumberField("size", p.size());
        if (p.truncated()) {
            g.writeBooleanField("truncated", true);
        }
        textField(g, "sha256", p.sha256());
        g.writeEndObject();
    }

    private String mask(Kind kind, String table, String name, int position, String value) {
        if (maskingOff || value == null) {
            return value;
        }
        return masker.mask(new MaskedField(kind, session.source(), session.target(), table, name, position), value);
    }

    private static void textField(JsonGenerator g, SerializedString name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            text(g, value);
        }
    }

    private static void writeNumberField(JsonGenerator g, SerializedString name, long value) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(value);
    }

    private static void textField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeFieldName(name);
            text(g, value);
        }
    }

    /**
     * Writes a string value. Java strings may hold unpaired surrogates, which have no UTF-8 form;
     * Jackson refuses them, so such strings are written with those characters as JSON
     * {@code \\uXXXX} escapes, which read back to the very same string.
     */
    static void text(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (!hasLoneSurrogate(value)) {
            g.writeString(value);
        } else {
            char[] quoted = JsonStringEncoder.getInstance().quoteAsString(value);
            StringBuilder sb = new StringBuilder(quoted.length + 16).append('"');
            for (int i = 0; i < quoted.length; i++) {
                char c = quoted[i];
                boolean paired = Character.isHighSurrogate(c) && i + 1 < quoted.length
                        && Character.isLowSurrogate(quoted[i + 1]);
                if (paired) {
                    sb.append(c).append(quoted[++i]);
                } else if (Character.isSurrogate(c)) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            g.writeRawValue(sb.append('"').toString());
        }
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** A ByteArrayOutputStream whose array can be hashed in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int size) {
            super(size);
        }

        byte[] bytes() {
            return buf;
        }

        @Override
        public synchronized byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }
    }
}
