package dev.witness.storage.s3;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the objects of a store under its prefix (docs/storage-s3.md, "Object layout"):
 *
 * <pre>
 * &lt;prefix&gt;/segments/yyyy/MM/dd/&lt;instance&gt;/&lt;spool&gt;-&lt;segment&gt;.segment   a sealed spool segment, byte for byte
 * &lt;prefix&gt;/index/yyyy/MM/dd/&lt;instance&gt;/&lt;spool&gt;-&lt;segment&gt;.json         its index object, written after it
 * &lt;prefix&gt;/purges/yyyy/MM/dd/&lt;instance&gt;/&lt;spool&gt;-&lt;millis&gt;-&lt;n&gt;.json     one purge record
 * </pre>
 *
 * The date of a segment is the UTC date of its oldest frame time, so the key of a segment is a
 * function of its bytes alone: a retry after a crash writes the same key, never a second copy
 * under another date. {@code spool} is a random id made when the spool directory is created,
 * so a wiped and recreated spool (segment numbers start again at 1) never reuses a key.
 * Segment numbers are 20-digit zero-padded, so keys of one spool sort in log order.
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectLayout {
    static final String SEGMENTS = "segments/";
    static final String INDEX = "index/";
    static final String PURGES = "purges/";
    private static final Pattern INDEX_NAME = Pattern.compile("(?:.*/)?([^/]+)/([A-Za-z0-9]+)-(\\d{20})\\.json");

    private final String root;

    ObjectLayout(String prefix) {
        this.root = prefix.isEmpty() ? "" : prefix + "/";
    }

    String root() {
        return root;
    }

    String segmentKey(SegmentRef ref, LocalDate date) {
        return root + SEGMENTS + datePath(date) + ref.instance() + "/" + ref.spool() + "-" + pad(ref.segment()) + ".segment";
    }

    String indexKey(SegmentRef ref, LocalDate date) {
        return root + INDEX + datePath(date) + ref.instance() + "/" + ref.spool() + "-" + pad(ref.segment()) + ".json";
    }

    String purgeKey(String instance, String spool, Instant at, long n) {
        return root + PURGES + datePath(at.atZone(ZoneOffset.UTC).toLocalDate()) + instance + "/" + spool + "-"
                + pad(at.toEpochMilli()) + "-" + n + ".json";
    }

    String indexPrefix() {
        return root + INDEX;
    }

    String purgePrefix() {
        return root + PURGES;
    }

    /** The segment an index key names, or null if the key is not an index object's. */
    static SegmentRef parseIndexKey(String key) {
        Matcher m = INDEX_NAME.matcher(key);
        if (!m.matches()) {
            return null;
        }
        return new SegmentRef(m.group(1), m.group(2), Long.parseLong(m.group(3)));
    }

    /** The UTC date of an epoch-microsecond time, the partition of a segment whose oldest frame has it. */
    static LocalDate date(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static String datePath(LocalDate d) {
        return String.format("%04d/%02d/%02d/", d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    static String pad(long value) {
        return String.format("%020d", value);
    }

    /** One sealed segment of one spool of one instance; ordered by instance, spool, then number. */
    record SegmentRef(String instance, String spool, long segment) implements Comparable<SegmentRef> {
        @Override
        public int compareTo(SegmentRef o) {
            int c = instance.compareTo(o.instance);
            if (c != 0) {
                return c;
            }
            c = spool.compareTo(o.spool);
            return c != 0 ? c : Long.compare(segment, o.segment);
        }

        @Override
        public String toString() {
            return instance + "/" + spool + "-" + segment;
        }
    }
}
