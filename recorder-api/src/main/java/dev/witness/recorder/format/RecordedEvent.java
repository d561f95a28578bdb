package dev.witness.recorder.format;

import dev.witness.recorder.event.Event;

/**
 * One decoded stored line: the event and its place in the session and the hash chain.
 *
 * @param sessionId the session
 * @param sequence  0-based position in the session
 * @param event     the event as stored (masked values stay masked)
 * @param prev      the previous line's hash as stored on this line
 * @param hash      this line's hash as stored
 */
public record RecordedEvent(String sessionId, long sequence, Event event, String prev, String hash) {
}
