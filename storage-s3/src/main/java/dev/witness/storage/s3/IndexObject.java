package dev.witness.storage.s3;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.StoreException;
import dev.witness.storage.file.SegmentFrames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one sealed segment holds, written as a small JSON object next to it so that any
 * instance can list and find sessions without downloading segments (docs/storage-s3.md,
 * "Index objects"). Built by reading the segment's frames once, before upload; it says, per
 * session with a frame in the segment, the newest descriptor the segment carries (OPEN or
 * CLOSE; absent if the segment only continues the session), the event count, the newest
 * event time and the byte runs of its EVENT frames, so a reader fetches just those ranges.
 *
 * <p>Immutable once built; thread-safe to share.
 */
final class IndexObject {
    static final String FORMAT = "witness-s3-index";
    static final int VERSION = 1;
    private static final JsonFactory JSON = new JsonFactory();

    /** One session's share of the segment. {@code runs} holds start/end pairs in segment order. */
    record Part(String id, SessionDescriptor descriptor, long events, long lastWrite, long[] runs) {
    }

    final ObjectLayout.SegmentRef ref;
    final String segmentKey;
    final long bytes;
    final long minTime;
    final long maxTime;
    final Instant uploadedAt;
    final String lockMode;
    final Instant retainUntil;
    final List<Part> parts;
    final List<String> purged;

    IndexObject(ObjectLayout.SegmentRef ref, String segmentKey, long bytes, long minTime, long maxTime, Instant uploadedAt,
                String lockMode, Instant retainUntil, List<Part> parts, List<String> purged) {
        this.ref = ref;
        this.segmentKey = segmentKey;
        this.bytes = bytes;
        this.minTime = minTime;
        this.maxTime = maxTime;
        this.uploadedAt = uploadedAt;
        this.lockMode = lockMode;
        this.retainUntil = retainUntil;
        this.parts = List.copyOf(parts);
        this.purged = List.copyOf(purged);
    }

    /** The facts of a local segment file, read frame by frame. */
    static final class Scan {
        final long bytes;
        final long minTime;
        final long maxTime;
        final List<Part> parts;
        final List<String> purged;

        private Scan(long bytes, long minTime, long maxTime, List<Part> parts, List<String> purged) {
            this.bytes = bytes;
            this.minTime = minTime;
            this.maxTime = maxTime;
            this.parts = parts;
            this.purged = purged;
        }

        /** UTC date of the oldest frame time; the epoch for a segment with no timed frame. */
        java.time.LocalDate date() {
            return ObjectLayout.date(minTime == Long.MAX_VALUE ? 0 : minTime);
        }

        IndexObject toIndex(ObjectLayout.SegmentRef ref, String segmentKey, Instant uploadedAt, String lockMode, Instant retainUntil) {
            return new IndexObject(ref, segmentKey, bytes, minTime, maxTime, uploadedAt, lockMode, retainUntil, parts, purged);
        }
    }

    private static final class PartBuilder {
        final String id;
        SessionDescriptor descriptor;
        long events;
        long lastWrite = Long.MIN_VALUE;
        final List<long[]> runs = new ArrayList<>();

        PartBuilder(String id) {
            this.id = id;
        }

        Part build() {
            long[] flat = new long[runs.size() * 2];
            for (int i = 0; i < runs.size(); i++) {
                flat[2 * i] = runs.get(i)[0];
                flat[2 * i + 1] = runs.get(i)[1];
            }
            return new Part(id, descriptor, events, lastWrite, flat);
        }
    }

    /** Reads every frame of a local segment file. */
    static Scan scan(Path file) throws IOException {
        Map<String, PartBuilder> parts = new LinkedHashMap<>();
        LinkedHashSet<String> purged = new LinkedHashSet<>();
        long minTime = Long.MAX_VALUE, maxTime = Long.MIN_VALUE;
        long size;
        try (SegmentFrames.Reader reader = SegmentFrames.reader(new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16),
                0, file.toString())) {
            SegmentFrames.Frame f;
            while ((f = reader.next()) != null) {
                long time = Long.MIN_VALUE;
                if (f instanceof SegmentFrames.Event e) {
                    PartBuilder p = parts.computeIfAbsent(e.sessionId(), PartBuilder::new);
                    long[] last = p.runs.isEmpty() ? null : p.runs.get(p.runs.size() - 1);
                    if (last != null && last[1] == e.offset()) {
                        last[1] = e.end();
                    } else {
                        p.runs.add(new long[] {e.offset(), e.end()});
                    }
                    p.events++;
                    p.lastWrite = Math.max(p.lastWrite, e.time());
                    time = e.time();
                } else if (f instanceof SegmentFrames.Open o) {
                    PartBuilder p = parts.computeIfAbsent(o.descriptor().id(), PartBuilder::new);
                    if (p.descriptor == null || !p.descriptor.ended()) {
                        p.descriptor = o.descriptor();
                    }
                    time = micros(o.descriptor().startedAt());
                } else if (f instanceof SegmentFrames.Close c) {
                    parts.computeIfAbsent(c.descriptor().id(), PartBuilder::new).descriptor = c.descriptor();
                    SessionDescriptor d = c.descriptor();
                    time = micros(d.endedAt() == null ? d.startedAt() : d.endedAt());
                } else if (f instanceof SegmentFrames.Purge p) {
                    purged.addAll(p.sessionIds());
                }
                if (time != Long.MIN_VALUE) {
                    minTime = Math.min(minTime, time);
                    maxTime = Math.max(maxTime, time);
                }
            }
            size = reader.position();
        }
        List<Part> built = new ArrayList<>(parts.size());
        for (PartBuilder p : parts.values()) {
            built.add(p.build());
        }
        return new Scan(size, minTime, maxTime, built, new ArrayList<>(purged));
    }

    static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000);
    }

    // ------------------------------------------------------------------ JSON

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + parts.size() * 256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeStringField("instance", ref.instance());
            g.writeStringField("spool", ref.spool());
            g.writeNumberField("segment", ref.segment());
            g.writeStringField("segmentKey", segmentKey);
            g.writeNumberField("bytes", bytes);
            if (minTime != Long.MAX_VALUE) {
                g.writeNumberField("minTime", minTime);
                g.writeNumberField("maxTime", maxTime);
            }
            g.writeStringField("uploadedAt", uploadedAt.toString());
            if (lockMode != null) {
                g.writeStringField("objectLockMode", lockMode);
                g.writeStringField("retainUntil", retainUntil.toString());
            }
            g.writeArrayFieldStart("sessions");
            for (Part p : parts) {
                g.writeStartObject();
                g.writeStringField("id", p.id());
                if (p.descriptor() != null) {
                    g.writeFieldName("descriptor");
                    writeDescriptor(g, p.descriptor());
                }
                g.writeNumberField("events", p.events());
                if (p.lastWrite() != Long.MIN_VALUE) {
                    g.writeNumberField("lastWrite", p.lastWrite());
                }
                g.writeArrayFieldStart("runs");
                for (long r : p.runs()) {
                    g.writeNumber(r);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("purged");
            for (String id : purged) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new StoreException("cannot encode the index of segment " + ref + ": " + e, e);
        }
        return out.toByteArray();
    }

    static void writeDescriptor(JsonGenerator g, SessionDescriptor d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("source", d.source());
        g.writeStringField("target", d.target());
        g.writeStringField("identity", d.identity());
        g.writeStringField("application", d.application());
        g.writeStringField("host", d.host());
        g.writeNumberField("pid", d.pid());
        g.writeStringField("startedAt", d.startedAt().toString());
        g.writeStringField("endedAt", d.endedAt() == null ? null : d.endedAt().toString());
        g.writeNumberField("eventCount", d.eventCount());
        g.writeObjectFieldStart("attributes");
        for (Map.Entry<String, String> a : new TreeMap<>(d.attributes()).entrySet()) {
            g.writeStringField(a.getKey(), a.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    static IndexObject parse(String key, InputStream in) throws IOException {
        Map<String, Object> m;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            m = readObject(p);
        }
        if (!FORMAT.equals(m.get("format"))) {
            throw new IOException("not a " + FORMAT + " object");
        }
        if (((Number) m.get("version")).intValue() != VERSION) {
            throw new IOException("index version " + m.get("version") + " (this Witness reads version " + VERSION + ")");
        }
        ObjectLayout.SegmentRef ref = new ObjectLayout.SegmentRef((String) m.get("instance"), (String) m.get("spool"),
                ((Number) m.get("segment")).longValue());
        List<Part> parts = new ArrayList<>();
        for (Object o : (List<?>) m.get("sessions")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> s = (Map<String, Object>) o;
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) s.get("descriptor");
            List<?> runs = (List<?>) s.get("runs");
            long[] flat = new long[runs.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = ((Number) runs.get(i)).longValue();
            }
            parts.add(new Part((String) s.get("id"), d == null ? null : descriptor(d), ((Number) s.get("events")).longValue(),
                    s.containsKey("lastWrite") ? ((Number) s.get("lastWrite")).longValue() : Long.MIN_VALUE, flat));
        }
        List<String> purged = new ArrayList<>();
        for (Object o : (List<?>) m.getOrDefault("purged", List.of())) {
            purged.add((String) o);
        }
        return new IndexObject(ref, (String) m.get("segmentKey"), ((Number) m.get("bytes")).longValue(),
                m.containsKey("minTime") ? ((Number) m.get("minTime")).longValue() : Long.MAX_VALUE,
                m.containsKey("maxTime") ? ((Number) m.get("maxTime")).longValue() : Long.MIN_VALUE,
                Instant.parse((String) m.get("uploadedAt")), (String) m.get("objectLockMode"),
                m.get("retainUntil") == null ? null : Instant.parse((String) m.get("retainUntil")), parts, purged);
    }

    static SessionDescriptor descriptor(Map<String, Object> d) {
        Map<String, String> attributes = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> a = (Map<String, Object>) d.getOrDefault("attributes", Map.of());
        a.forEach((k, v) -> attributes.put(k, (String) v));
        return new SessionDescriptor((String) d.get("id"), (String) d.get("source"), (String) d.get("target"),
                (String) d.get("identity"), (String) d.get("application"), (String) d.get("host"),
                ((Number) d.get("pid")).longValue(), Instant.parse((String) d.get("startedAt")),
                d.get("endedAt") == null ? null : Instant.parse((String) d.get("endedAt")),
                ((Number) d.get("eventCount")).longValue(), attributes);
    }

    /** Reads the object whose START_OBJECT was just consumed, into maps, lists, strings, numbers and nulls. */
    static Map<String, Object> readObject(JsonParser p) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) {
                throw new IOException("expected a field name at " + p.currentLocation());
            }
            String name = p.currentName();
            p.nextToken();
            m.put(name, readValue(p));
        }
        return m;
    }

    private static Object readValue(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                return readObject(p);
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readValue(p));
                }
                return list;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected " + p.currentToken() + " at " + p.currentLocation());
        }
    }
}
