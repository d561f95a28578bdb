package dev.witness.cli;

import dev.witness.recorder.reader.RecordingReader;
import dev.witness.storage.NoSuchSessionException;
import dev.witness.storage.SessionDescriptor;
import dev.witness.storage.SessionQuery;

import java.util.List;
import java.util.Locale;

/**
 * Resolves the session a user typed: a whole id, or a unique prefix of one (ids are 26 letters;
 * auditors copy the first eight or so). Ids sort by start time, so a prefix's matches are the
 * first sessions after it in id order: one small index query, no scan.
 */
public final class SessionIds {
    public static final int ID_LENGTH = 26;

    private SessionIds() {
    }

    public static SessionDescriptor resolve(RecordingReader reader, String typed, String store) {
        String id = typed.trim().toUpperCase(Locale.ROOT);
        if (id.isEmpty()) {
            throw CliException.usage("empty session id");
        }
        if (id.length() >= ID_LENGTH) {
            try {
                return reader.session(id);
            } catch (NoSuchSessionException e) {
                throw CliException.error("no such session: " + typed + " in " + store);
            }
        }
        List<SessionDescriptor> candidates = reader.sessions(SessionQuery.builder().afterId(id).limit(2).build())
                .sessions().stream().filter(d -> d.id().startsWith(id)).toList();
        if (candidates.isEmpty()) {
            throw CliException.error("no such session: " + typed + " in " + store);
        }
        if (candidates.size() > 1) {
            throw CliException.usage("session prefix " + typed + " is ambiguous (" + candidates.get(0).id() + ", "
                    + candidates.get(1).id() + ", ...); type more of the id");
        }
        return candidates.get(0);
    }
}
