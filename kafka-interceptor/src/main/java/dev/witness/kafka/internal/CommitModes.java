package dev.witness.kafka.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Tells how a commit reported to {@code ConsumerInterceptor.onCommit} was made: {@code sync},
 * {@code async} or {@code auto}. Kafka does not say, so the calling stack is read (commits are
 * rare, a walk costs a few microseconds): a frame named {@code commitSync} or {@code commitAsync}
 * of the consumer, or one whose name contains {@code autoCommit}, decides; the innermost wins.
 * Otherwise the completion arrived later inside a {@code poll} (an asynchronous commit completes
 * there, and so does auto-commit, which the KIP-848 consumer runs on its background thread), and
 * the consumer's {@code enable.auto.commit} decides between {@code auto} and {@code async}.
 * Limits in docs/kafka.md.
 */
final class CommitModes {
    static final String SYNC = "sync";
    static final String ASYNC = "async";
    static final String AUTO = "auto";
    private static final StackWalker WALKER = StackWalker.getInstance();
    private static final int MAX_FRAMES = 64;

    private CommitModes() {
    }

    static String detect(boolean autoCommitEnabled) {
        Optional<String> found = WALKER.walk(frames -> frames.limit(MAX_FRAMES)
                .filter(f -> f.getClassName().startsWith("org.apache.kafka."))
                .map(f -> classify(f.getMethodName()))
                .filter(m -> m != null)
                .findFirst());
        return found.orElse(autoCommitEnabled ? AUTO : ASYNC);
    }

    static String classify(String method) {
        if (method.toLowerCase(Locale.ROOT).contains("autocommit")) {
            return AUTO;
        }
        if (method.equals("commitSync")) {
            return SYNC;
        }
        if (method.equals("commitAsync")) {
            return ASYNC;
        }
        return null;
    }
}
