package dev.witness.recorder.format;

/**
 * The session facts the encoder needs for every line of a session: its id, and the source and
 * target that masking rules may be scoped to.
 */
public record SessionFields(String sessionId, String source, String target) {
}
