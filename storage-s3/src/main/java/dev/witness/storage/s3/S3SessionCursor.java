package dev.witness.storage.s3;

import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.StoreException;
import dev.witness.storage.file.SegmentFrames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads one session: first its runs in uploaded segment objects (ranged GETs, in segment
 * order), then what the local spool still holds (a file-store cursor). Uploaded segments all
 * precede the spool's, because segments upload in order and leave the spool only once
 * uploaded; {@link S3Store#read} takes both views under one lock so that no segment is seen
 * twice or missed.
 *
 * <p>Runs of one segment that lie close together are fetched with one GET (gaps up to
 * {@value #MAX_GAP} bytes are downloaded and skipped) so that a session interleaved with
 * others costs a few requests per segment, not one per batch.
 *
 * <p>Threading: one thread at a time, like any iterator. Invariant: only frames that passed
 * their CRC check are returned; a damaged or missing object is a {@link StoreException}
 * naming the key.
 */
final class S3SessionCursor implements EventCursor {
    static final long MAX_GAP = 1 << 20;

    private final Bucket bucket;
    private final String sessionId;
    private final List<long[]> ranges = new ArrayList<>();
    private final List<String> rangeKeys = new ArrayList<>();
    private final EventCursor local;
    private final Runnable onLocalDone;
    private int nextRange;
    private SegmentFrames.Reader reader;
    private String readerKey;
    private EncodedEvent next;
    private boolean localDone;
    private boolean closed;

    S3SessionCursor(Bucket bucket, String sessionId, List<Catalog.Location> locations, EventCursor local, Runnable onLocalDone) {
        this.bucket = bucket;
        this.sessionId = sessionId;
        this.local = local;
        this.onLocalDone = onLocalDone;
        this.localDone = local == null;
        for (Catalog.Location l : locations) {
            long[] runs = l.runs();
            long start = runs[0], end = runs[1];
            for (int i = 2; i < runs.length; i += 2) {
                if (runs[i] - end <= MAX_GAP) {
                    end = runs[i + 1];
                } else {
                    ranges.add(new long[] {start, end});
                    rangeKeys.add(l.segmentKey());
                    start = runs[i];
                    end = runs[i + 1];
                }
            }
            ranges.add(new long[] {start, end});
            rangeKeys.add(l.segmentKey());
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !closed) {
            try {
                advance();
            } catch (IOException | RuntimeException e) {
                String where = readerKey == null ? "the spool" : bucket.name() + "/" + readerKey;
                close();
                if (e instanceof StoreException se) {
                    throw se;
                }
                throw new StoreException("cannot read session " + sessionId + " from " + where + ": " + Bucket.describe(e), e);
            }
        }
        return next != null;
    }

    @Override
    public EncodedEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EncodedEvent e = next;
        next = null;
        return e;
    }

    private void advance() throws IOException {
        while (true) {
            if (reader != null) {
                SegmentFrames.Frame f = reader.next();
                if (f == null) {
                    closeReader();
                    continue;
                }
                if (f instanceof SegmentFrames.Event e) {
                    next = new EncodedEvent(sessionId, e.sequence(), e.time(), e.payload());
                    return;
                }
                continue;
            }
            if (nextRange < ranges.size()) {
                long[] range = ranges.get(nextRange);
                readerKey = rangeKeys.get(nextRange);
                nextRange++;
                reader = SegmentFrames.reader(new BufferedInputStream(bucket.get(readerKey, range[0], range[1]), 1 << 16),
                        range[0], bucket.name() + "/" + readerKey).onlyEventsOf(sessionId);
                continue;
            }
            readerKey = null;
            if (!localDone) {
                if (local.hasNext()) {
                    next = local.next();
                    return;
                }
                finishLocal();
            }
            close();
            return;
        }
    }

    private void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // a response stream that fails to close has nothing more to give
            }
            reader = null;
        }
    }

    private void finishLocal() {
        if (!localDone) {
            localDone = true;
            try {
                local.close();
            } finally {
                onLocalDone.run();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeReader();
        finishLocal();
    }
}
