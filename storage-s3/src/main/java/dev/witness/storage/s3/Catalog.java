package dev.witness.storage.s3;

import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What the bucket holds, as far as this store has read it: every session found in the index
 * objects of uploaded segments (of every instance), where its event runs lie, and every purged
 * session id. Built from index objects and purge records only; segments are fetched only to
 * read events.
 *
 * <p>Merging: a session's descriptor is the newest one its segments carry (an ended descriptor
 * beats an open one; otherwise the later segment wins). Its locations are kept in segment
 * order, which is append order, because one session is written by one instance and one spool.
 * A purged id hides the session for good, including data uploaded after the purge.
 *
 * <p>Threading: every method is synchronized; readers get copies.
 */
final class Catalog {
    /** Where a session's events lie in one segment object. */
    record Location(ObjectLayout.SegmentRef ref, String segmentKey, long[] runs) {
    }

    private static final class Entry {
        SessionDescriptor descriptor;
        ObjectLayout.SegmentRef descriptorFrom;
        long lastWrite = Long.MIN_VALUE;
        Instant retainUntil;
        final TreeMap<ObjectLayout.SegmentRef, Location> locations = new TreeMap<>();
    }

    private final TreeMap<String, Entry> sessions = new TreeMap<>();
    private final Set<String> purged = new HashSet<>();
    private final Set<String> loadedKeys = new HashSet<>();
    private final Map<ObjectLayout.SegmentRef, String> indexKeys = new HashMap<>();
    private final Map<ObjectLayout.SegmentRef, IndexObject> segments = new TreeMap<>();

    synchronized boolean isLoaded(String key) {
        return loadedKeys.contains(key);
    }

    synchronized void add(String indexKey, IndexObject index) {
        if (!loadedKeys.add(indexKey)) {
            return;
        }
        indexKeys.put(index.ref, indexKey);
        segments.put(index.ref, index);
        for (IndexObject.Part p : index.parts) {
            Entry e = sessions.computeIfAbsent(p.id(), id -> new Entry());
            SessionDescriptor d = p.descriptor();
            if (d != null && (e.descriptor == null || (d.ended() && !e.descriptor.ended())
                    || (d.ended() == e.descriptor.ended() && index.ref.compareTo(e.descriptorFrom) > 0))) {
                e.descriptor = d;
                e.descriptorFrom = index.ref;
            }
            e.lastWrite = Math.max(e.lastWrite, p.lastWrite());
            if (p.runs().length > 0) {
                e.locations.put(index.ref, new Location(index.ref, index.segmentKey, p.runs()));
            }
            if (index.retainUntil != null && (e.retainUntil == null || index.retainUntil.isAfter(e.retainUntil))) {
                e.retainUntil = index.retainUntil;
            }
        }
        purged.addAll(index.purged);
    }

    synchronized void addPurged(String purgeKey, Collection<String> ids) {
        loadedKeys.add(purgeKey);
        purged.addAll(ids);
    }

    synchronized boolean isPurged(String id) {
        return purged.contains(id);
    }

    /** The merged descriptor, or null if the catalog has none or the session was purged. */
    synchronized SessionDescriptor descriptor(String id) {
        if (purged.contains(id)) {
            return null;
        }
        Entry e = sessions.get(id);
        return e == null ? null : e.descriptor;
    }

    /** The session's event locations in append order. */
    synchronized List<Location> locations(String id) {
        Entry e = sessions.get(id);
        return e == null ? List.of() : new ArrayList<>(e.locations.values());
    }

    /** The latest retain-until date over the objects holding the session, or null. */
    synchronized Instant retainUntil(String id) {
        Entry e = sessions.get(id);
        return e == null ? null : e.retainUntil;
    }

    /**
     * Up to {@code n} listed sessions after {@code afterId} that match {@code q}, in id order,
     * leaving out those {@code skip} accepts.
     */
    synchronized List<SessionDescriptor> query(SessionQuery q, int n, Predicate<String> skip) {
        List<SessionDescriptor> out = new ArrayList<>();
        Map<String, Entry> tail = q.afterId() == null ? sessions : sessions.tailMap(q.afterId(), false);
        for (Map.Entry<String, Entry> me : tail.entrySet()) {
            Entry e = me.getValue();
            if (e.descriptor == null || purged.contains(me.getKey()) || skip.test(me.getKey()) || !q.matches(e.descriptor)) {
                continue;
            }
            out.add(e.descriptor);
            if (out.size() >= n) {
                break;
            }
        }
        return out;
    }

    /** Listed sessions that ended, or (still open) last wrote, before {@code cutoff}, leaving out those {@code skip} accepts. */
    synchronized List<String> olderThan(Instant cutoff, Predicate<String> skip) {
        long cutoffMicros = IndexObject.micros(cutoff);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Entry> me : sessions.entrySet()) {
            Entry e = me.getValue();
            if (e.descriptor == null || purged.contains(me.getKey()) || skip.test(me.getKey())) {
                continue;
            }
            boolean old = e.descriptor.ended() ? e.descriptor.endedAt().isBefore(cutoff)
                    : Math.max(e.lastWrite, IndexObject.micros(e.descriptor.startedAt())) < cutoffMicros;
            if (old) {
                ids.add(me.getKey());
            }
        }
        return ids;
    }

    /** Uploaded segments every session of which is purged and whose lock (if any) has expired by {@code now}. */
    synchronized List<IndexObject> deletable(Instant now) {
        List<IndexObject> out = new ArrayList<>();
        for (IndexObject index : segments.values()) {
            if (index.retainUntil != null && index.retainUntil.isAfter(now)) {
                continue;
            }
            boolean allPurged = true;
            for (IndexObject.Part p : index.parts) {
                if (!purged.contains(p.id())) {
                    allPurged = false;
                    break;
                }
            }
            if (allPurged && !index.parts.isEmpty()) {
                out.add(index);
            }
        }
        return out;
    }

    synchronized String indexKey(ObjectLayout.SegmentRef ref) {
        return indexKeys.get(ref);
    }

    /** Forgets a segment whose objects were deleted. */
    synchronized void forget(ObjectLayout.SegmentRef ref) {
        IndexObject index = segments.remove(ref);
        indexKeys.remove(ref);
        if (index == null) {
            return;
        }
        for (IndexObject.Part p : index.parts) {
            Entry e = sessions.get(p.id());
            if (e != null) {
                e.locations.remove(ref);
                if (e.locations.isEmpty() && (e.descriptorFrom == null || e.descriptorFrom.equals(ref))) {
                    sessions.remove(p.id());
                }
            }
        }
    }

    synchronized int size() {
        return sessions.size();
    }
}
