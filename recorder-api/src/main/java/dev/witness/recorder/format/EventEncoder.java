package dev.witness.recorder.format;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.witness.masking.MaskedField;
import dev.witness.masking.MaskedField.Kind;
import dev.witness.masking.Masker;
import dev.witness.recorder.Identity;
import dev.witness.recorder.event.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
            g.writeStartObject();
            g.writeNumberField("v", FormatVersion.CURRENT);
            g.writeStringField("sid", session.sessionId());
            g.writeNumberField("seq", sequence);
            g.writeStringField("ts", time.format(event.timeMicros()));
            g.writeStringField("type", event.type().wireName());
            writeIdentity(g, event.identity());
            writeBody(g, event, sequence, prev);
            g.writeStringField("prev", prev);
            g.flush();
            // the hash covers every byte so far; the hash field and the closing brace follow it
            lastHash = hash.hex(buffer.bytes(), 0, buffer.size());
            g.writeStringField("hash", lastHash);
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

    /** The hash of the line last returned by {@link #encode}. */
    public String lastHash() {
        return lastHash;
    }

    /** ISO-8601 UTC with microseconds; the text up to the second is cached, as events come in time order. */
    static final class TimeText {
        private long cachedSecond = Long.MIN_VALUE;
        private String cachedPrefix;
        private final char[] out = new char[27];

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
        g.writeFieldName("principal");
        text(g, mask(Kind.ATTRIBUTE, null, "principal", 0, identity.principal()));
        if (!identity.attributes().isEmpty()) {
            g.writeObjectFieldStart("attrs");
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
            g.writeNumberField("call", e.call());
            textField(g, "kind", e.kind());
            textField(g, "sql", mask(Kind.SQL_TEXT, null, null, 0, e.sql()));
            g.writeNumberField("dur_ns", e.durationNanos());
        } else if (event instanceof Parameters e) {
            g.writeNumberField("call", e.call());
            g.writeArrayFieldStart("sets");
            for (List<Parameter> set : e.sets()) {
                g.writeStartArray();
                for (Parameter p : set) {
                    writeParameter(g, p);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        } else if (event instanceof Result e) {
            writeResult(g, e);
        } else if (event instanceof UpdateCount e) {
            g.writeNumberField("call", e.call());
            g.writeArrayFieldStart("counts");
            for (Long c : e.counts()) {
                g.writeNumber(c);
            }
            g.writeEndArray();
            if (!e.generatedKeys().isEmpty()) {
                g.writeArrayFieldStart("keys");
                for (String k : e.generatedKeys()) {
                    text(g, mask(Kind.RESULT_VALUE, null, "generated_key", 0, k));
                }
                g.writeEndArray();
            }
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

    private void writeParameter(JsonGenerator g, Parameter p) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", p.index());
        textField(g, "name", p.name());
        textField(g, "column", p.column());
        textField(g, "type", p.jdbcType());
        String table = null;
        String column = p.column() != null ? p.column() : p.name();
        if (p.column() != null) {
            int dot = p.column().lastIndexOf('.');
            if (dot > 0) {
                table = p.column().substring(0, dot);
                column = p.column().substring(dot + 1);
            }
        }
        g.writeFieldName("value");
        String value = p.value();
        if (!maskingOff && value != null) {
            // without a known column, the masker binds the parameter from the statement text itself
            value = masker.mask(new MaskedField(Kind.PARAMETER, session.source(), session.target(), table,
                    p.column() != null ? column : null, p.index(), statementSql), value);
        }
        text(g, value);
        g.writeEndObject();
    }

    private void writeResult(JsonGenerator g, Result e) throws IOException {
        g.writeNumberField("call", e.call());
        List<Column> columns = e.columns();
        if (!columns.isEmpty()) {
            g.writeArrayFieldStart("columns");
            for (Column c : columns) {
                g.writeStartObject();
                textField(g, "label", c.label());
                textField(g, "table", c.table());
                textField(g, "type", c.jdbcType());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (!e.rows().isEmpty()) {
            g.writeArrayFieldStart("rows");
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
        g.writeNumberField("row_count", e.rowCount());
        if (e.truncated()) {
            g.writeBooleanField("truncated", true);
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
        byte[] bytes = p.bytes();
        if (bytes != null && maskingOff) {
            // the bytes form, nothing to mask: straight from the bytes, the same JSON as their text gives
            if (!Payload.UTF8.equals(p.encoding())) {
                g.writeBinary(Base64Variants.MIME_NO_LINEFEEDS, bytes, 0, bytes.length); // = Base64.getEncoder()
            } else {
                writeUtf8(g, bytes);
            }
        } else {
            String text = p.text();
            if (!maskingOff && text != null) {
                text = masker.mask(new MaskedField(kind, session.source(), topic, null, name, 0), text);
            }
            text(g, text);
        }
        textField(g, "enc", p.encoding());
        g.writeNumberField("size", p.size());
        if (p.truncated()) {
            g.writeBooleanField("truncated", true);
        }
        textField(g, "sha256", p.sha256());
        g.writeEndObject();
    }

    /**
     * Writes valid UTF-8 text as a JSON string, byte for byte as {@link #text} writes its
     * {@code String}: copied as it is when nothing needs an escape (no {@code "}, {@code \\}, or
     * character below U+0020; checked eight bytes at a time), else through Jackson's escaping of
     * UTF-8. A character above U+FFFF (a 4-byte form) is written from a {@code String} as a
     * {@code \\uD8xx\\uDCxx} escape pair but copied as it is from UTF-8 bytes, so such text takes
     * the {@code String} path.
     */
    private static void writeUtf8(JsonGenerator g, byte[] b) throws IOException {
        long escape = 0;
        long high = 0;
        int i = 0;
        for (int n = b.length - 7; i < n; i += 8) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ 0x2222222222222222L; // '"'
            long s = w ^ 0x5C5C5C5C5C5C5C5CL; // '\\'
            escape |= ((w - 0x2020202020202020L) & ~w) | ((q - 0x0101010101010101L) & ~q)
                    | ((s - 0x0101010101010101L) & ~s);
            high |= w;
        }
        boolean noEscape = (escape & 0x8080808080808080L) == 0;
        boolean ascii = (high & 0x8080808080808080L) == 0;
        for (; i < b.length; i++) {
            int c = b[i];
            noEscape &= c < 0 || c >= 0x20 && c != '"' && c != '\\';
            ascii &= c >= 0;
        }
        if (!ascii && hasFourByteCharacter(b)) {
            text(g, new String(b, StandardCharsets.UTF_8));
        } else if (noEscape) {
            g.writeRawUTF8String(b, 0, b.length); // nothing to escape: a copy
        } else {
            g.writeUTF8String(b, 0, b.length); // escapes added where JSON needs them, other bytes copied
        }
    }

    /** True if valid UTF-8 {@code b} holds a character above U+FFFF: a lead byte 0xF0..0xF4. */
    private static boolean hasFourByteCharacter(byte[] b) {
        for (byte x : b) {
            if (x >= (byte) 0xF0 && x < 0) {
                return true;
            }
        }
        return false;
    }

    private String mask(Kind kind, String table, String name, int position, String value) {
        if (maskingOff || value == null) {
            return value;
        }
        return masker.mask(new MaskedField(kind, session.source(), session.target(), table, name, position), value);
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
