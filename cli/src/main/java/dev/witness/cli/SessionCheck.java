package dev.witness.cli;

import dev.witness.recorder.format.EventDecoder;
import dev.witness.recorder.format.RecordedEvent;
import dev.witness.recorder.reader.RecordingReader;
import dev.witness.recorder.reader.Verification;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.StoreException;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One session's chain check as the CLI and the viewer report it: the reader's verdict, and for a
 * failure the first bad event named (position, type, time, who), read back from the store. A
 * store that cannot even give the bytes back (a damaged frame) is a failure too, status
 * {@code UNREADABLE}, with the store's message naming the file and offset.
 *
 * @param sessionId   the session
 * @param status      {@code OK}, {@code OPEN}, a {@link Verification.Status} problem, or {@code UNREADABLE}
 * @param ok          true if the chain verified (OPEN included unless closed sessions are required)
 * @param events      events read
 * @param badIndex    position of the first bad event, or -1
 * @param badEvent    the first bad event described ({@code #5 statement at ... by alice}), or {@code null}
 * @param detail      what is wrong, or a note ({@code no session end yet})
 */
public record SessionCheck(String sessionId, String status, boolean ok, long events, long badIndex, String badEvent,
                           String detail) {

    /** Checks one session. */
    public static SessionCheck of(RecordingReader reader, String sessionId) {
        Verification v;
        try {
            v = reader.verify(sessionId);
        } catch (NoSuchSessionException e) {
            throw e;
        } catch (StoreException e) {
            return new SessionCheck(sessionId, "UNREADABLE", false, 0, -1, null,
                    "the store cannot read the session back: " + StoreOptions.oneLine(e.getMessage()));
        }
        if (v.ok()) {
            return new SessionCheck(sessionId, v.status().name(), true, v.events(), -1, null, v.detail());
        }
        return new SessionCheck(sessionId, v.status().name(), false, v.events(), v.badIndex(),
                describe(reader, sessionId, v.badIndex(), v.events()), v.detail());
    }

    /** {@code #5 statement at 2026-...Z by alice}; the event's line may be too damaged to say more than its position. */
    static String describe(RecordingReader reader, String sessionId, long index, long stored) {
        if (index < 0) {
            return null;
        }
        if (index >= stored) {
            return "#" + index + " (missing: the stored events stop after #" + (stored - 1) + ")";
        }
        AtomicLong at = new AtomicLong();
        AtomicReference<byte[]> line = new AtomicReference<>();
        try {
            reader.forEachLine(sessionId, l -> {
                if (at.getAndIncrement() == index) {
                    line.set(l);
                }
            });
        } catch (StoreException e) {
            return "#" + index;
        }
        if (line.get() == null) {
            return "#" + index;
        }
        try {
            RecordedEvent r = new EventDecoder().decode(line.get());
            return "#" + index + " " + r.event().type().wireName() + " at " + EventText.dateTime(r.event().timeMicros())
                    + " by " + EventText.who(r.event()) + (r.sequence() != index ? " (seq " + r.sequence() + ")" : "");
        } catch (RuntimeException e) {
            String text = new String(line.get(), StandardCharsets.UTF_8);
            return "#" + index + " (not a readable event: " + EventText.oneLine(text.length() > 60 ? text.substring(0, 60) + "..." : text) + ")";
        }
    }

    /** This check with OPEN counted as a failure (verify --require-closed). */
    SessionCheck requireClosed() {
        if ("OPEN".equals(status)) {
            return new SessionCheck(sessionId, status, false, events, events, null,
                    "the session has no end (still recording, or the recording process died)");
        }
        return this;
    }

    /** One line: {@code <id>  OK  14 events} or {@code <id>  CHANGED  first bad event #5 ...: detail}. */
    String line() {
        if (ok) {
            return sessionId + "  " + status + "  " + events + " events" + (detail == null ? "" : " (" + detail + ")");
        }
        return sessionId + "  " + status + "  " + (badEvent == null ? "" : "first bad event " + badEvent + ": ") + detail;
    }
}
