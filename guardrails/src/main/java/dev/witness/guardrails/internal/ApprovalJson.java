package dev.witness.guardrails.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.witness.guardrails.ApprovalRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the approval exchange (docs/guardrails.md): requests written with jackson-core's
 * generator, answers read as one flat object of strings and numbers. Unknown fields, nested ones
 * included, are ignored (services may add their own); a duplicate field or trailing content makes
 * the answer malformed.
 */
public final class ApprovalJson {
    private static final JsonFactory JSON = new JsonFactory();

    private ApprovalJson() {
    }

    public static byte[] request(ApprovalRequest r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", 1);
            g.writeStringField("requestId", r.requestId());
            g.writeStringField("time", Instant.ofEpochMilli(r.timeMillis()).toString());
            g.writeStringField("rule", r.rule());
            g.writeStringField("kind", r.kind());
            g.writeStringField("source", r.source());
            g.writeStringField("target", r.target());
            g.writeObjectFieldStart("identity");
            g.writeStringField("principal", r.principal());
            g.writeObjectFieldStart("attributes");
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(r.attributes()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("reason", r.reason());
            g.writeStringField("ticket", r.ticket());
            if (r.statement() != null) {
                g.writeStringField("statement", r.statement());
                strings(g, "classes", r.classes());
                strings(g, "tables", r.tables());
            }
            if (r.record() != null) {
                g.writeObjectFieldStart("record");
                g.writeStringField("topic", r.record().topic());
                if (r.record().partition() != null) {
                    g.writeNumberField("partition", r.record().partition());
                } else {
                    g.writeNullField("partition");
                }
                g.writeStringField("key", r.record().key());
                strings(g, "headers", r.record().headers());
                g.writeEndObject();
            }
            g.writeStringField("fingerprint", r.fingerprint());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    /** A flat JSON object's fields as text ({@code null} for JSON null). */
    public static Map<String, String> flatObject(byte[] body) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the answer is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue; // a service's own structured fields: ignored
                }
                if (out.containsKey(name)) {
                    throw new IOException("duplicate field '" + name + "'");
                }
                out.put(name, v == JsonToken.VALUE_NULL ? null : p.getText());
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("content after the JSON object");
            }
        }
        return out;
    }
}
