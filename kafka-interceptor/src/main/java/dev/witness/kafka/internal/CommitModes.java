package dev.witness.kafka.internal;

import java.util.Locale;

/**
 * Tells how a commit reported to {@code ConsumerInterceptor.onCommit} was made: {@code sync},
 * {@code async} or {@code auto}. Kafka does not say, so the calling stack is read (commits are
 * rare, a walk costs a few microseconds): a frame named {@code commitSync} or {@code commitAsync}
 * of the consumer, or one whose name contains {@code autoCommit}, decides: an auto-commit frame
 * anywhere on the stack wins (the KIP-848 consumer's auto-commit on close runs through its own
 * {@code commitSync}), else the innermost {@code commitSync}/{@code commitAsync}.
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
        String found = WALKER.walk(frames -> {
            String innermost = null;
            for (StackWalker.StackFrame f : (Iterable<StackWalker.StackFrame>) frames.limit(MAX_FRAMES)::iterator) {
                if (!f.getClassName().startsWith("org.apache.kafka.")) {
                    continue;
                }
                String mode = classify(f.getMethodName());
                if (AUTO.equals(mode)) {
                    // an auto-commit may run through a commitSync of the consumer's own (the KIP-848
                    // consumer's autoCommitOnClose does): the auto-commit frame further out decides
                    return AUTO;
                }
                if (innermost == null) {
                    innermost = mode;
                }
            }
            return innermost;
        });
        return found != null ? found : autoCommitEnabled ? AUTO : ASYNC;
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
