package dev.witness.storage.file;

import dev.witness.storage.EncodedEvent;
import dev.witness.storage.EventCursor;
import dev.witness.storage.StoreException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Reads one session's events: the runs the index listed when the cursor was opened, in log
 * order, each checked frame by frame (length and CRC32C) as it is read.
 *
 * <p>Threading: one thread at a time, like any iterator; any number of cursors may read while
 * the writer appends (runs only cover bytes written before they were indexed). Invariant: it
 * returns only frames that passed their CRC check; a damaged frame is an exception naming the
 * segment and offset, never a silently skipped event. It holds at most one open file.
 */
final class SessionCursor implements EventCursor {
    private final Path dir;
    private final String sessionId;
    private final byte[] id;
    private final List<long[]> runs;
    private final FrameReader reader = new FrameReader(null, 0, 0);
    private int nextRun;
    private boolean inRun;
    private long openSegment = -1;
    private FileChannel channel;
    private EncodedEvent next;
    private boolean closed;

    SessionCursor(Path dir, String sessionId, List<long[]> runs) {
        this.dir = dir;
        this.sessionId = sessionId;
        this.id = sessionId.getBytes(StandardCharsets.UTF_8);
        this.runs = runs;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !closed) {
            try {
                advance();
            } catch (IOException e) {
                throw new StoreException("cannot read session " + sessionId + " from " + dir.resolve(SegmentFiles.name(openSegment))
                        + ": " + e.getMessage(), e);
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
            if (!inRun) {
                if (nextRun >= runs.size()) {
                    close();
                    return;
                }
                long[] run = runs.get(nextRun++);
                openSegment(run[0]);
                reader.reset(channel, run[1], run[2]);
                inRun = true;
            }
            FrameReader.Status status = reader.next();
            if (status == FrameReader.Status.END) {
                inRun = false;
            } else if (status != FrameReader.Status.FRAME) {
                throw new StoreException("session " + sessionId + ": " + SegmentFiles.name(openSegment) + " is damaged at offset "
                        + reader.position() + " (" + (status == FrameReader.Status.TORN ? "a frame runs past the indexed end" : "CRC mismatch")
                        + "); the store's recovery or an operator must look at it");
            } else if (reader.type() == Frames.EVENT && reader.eventIs(id)) {
                next = new EncodedEvent(sessionId, reader.eventSequence(), reader.eventTime(), reader.eventPayload());
                return;
            }
        }
    }

    private void openSegment(long segment) throws IOException {
        if (segment == openSegment && channel != null) {
            return;
        }
        closeChannel();
        openSegment = segment;
        try {
            channel = FileChannel.open(SegmentFiles.path(dir, segment), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StoreException("session " + sessionId + ": segment " + SegmentFiles.name(segment)
                    + " was deleted (by retention or purge) while the session was being read", e);
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing was written that a failed close could lose
            }
            channel = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        closeChannel();
    }
}
