package dev.witness.recorder.reader;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.witness.recorder.event.EventType;
import dev.witness.recorder.format.LineHash;
import dev.witness.recorder.reader.Verification.Status;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks one session's stored lines against the hash chain (docs/format.md): each line's own
 * {@code hash} must match its bytes, its {@code prev} the previous line's hash (the genesis
 * value for the first), its {@code seq} its position; a closed session must end with a
 * {@code session_end} whose count and last hash match. The first problem is classified (changed,
 * inserted, deleted, reordered, truncated) from the sequence numbers around it.
 *
 * <p>Keeps only a few fields per line, not the lines, so sessions of any length verify in
 * bounded memory per event. Not thread-safe.
 */
public final class ChainVerifier {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final LineHash hash = new LineHash();

    /**
     * @param sessionId the session the lines were read for
     * @param lines     the stored lines in stored order
     * @param closed    true if the store says the session ended (so its end must be present)
     */
    public Verification verify(String sessionId, Iterable<byte[]> lines, boolean closed) {
        List<LineFacts> facts = new ArrayList<>();
        for (byte[] line : lines) {
            facts.add(facts(line));
        }
        return judge(sessionId, facts, closed);
    }

    private LineFacts facts(byte[] line) {
        String recomputed = hash.recompute(line);
        try {
            JsonNode n = MAPPER.readTree(line);
            return new LineFacts(n.path("sid").asText(null), n.path("seq").asLong(-1), n.path("prev").asText(null),
                    LineHash.stored(line), recomputed, n.path("type").asText(null), n.path("count").asLong(-1),
                    n.path("last").asText(null));
        } catch (IOException | RuntimeException e) {
            return new LineFacts(null, -1, null, null, null, null, -1, null);
        }
    }

    private Verification judge(String sid, List<LineFacts> lines, boolean closed) {
        String expectedPrev = hash.genesis(sid);
        int n = lines.size();
        Map<Long, Integer> positionOfSeq = new HashMap<>();
        Map<Long, Integer> occurrences = new HashMap<>();
        for (int i = 0; i < n; i++) {
            positionOfSeq.putIfAbsent(lines.get(i).seq, i);
            occurrences.merge(lines.get(i).seq, 1, Integer::sum);
        }
        for (int i = 0; i < n; i++) {
            LineFacts f = lines.get(i);
            if (f.hash == null || !f.hash.equals(f.recomputed) || f.seq < 0 || f.prev == null) {
                return bad(sid, Status.CHANGED, n, i, "event " + i + " was changed: its bytes no longer match its hash");
            }
            if (!sid.equals(f.sid)) {
                return bad(sid, Status.INSERTED, n, i, "event " + i + " belongs to session " + f.sid);
            }
            if (f.seq == i && f.prev.equals(expectedPrev)) {
                if (EventType.SESSION_END.wireName().equals(f.type) && i != n - 1) {
                    return bad(sid, Status.INSERTED, n, i + 1, "events follow the session end at " + i);
                }
                expectedPrev = f.hash;
                continue;
            }
            // the chain breaks at i: classify
            boolean chainContinuesWithoutIt = i + 1 < n && lines.get(i + 1).prev != null
                    && lines.get(i + 1).prev.equals(expectedPrev) && lines.get(i + 1).seq == i;
            if (chainContinuesWithoutIt && occurrences.get(f.seq) > 1) {
                return bad(sid, Status.INSERTED, n, i, "event " + i + " was inserted (a second copy of seq " + f.seq
                        + "): the chain continues without it");
            }
            if (f.seq != i && positionOfSeq.containsKey((long) i) && positionOfSeq.get((long) i) > i) {
                return bad(sid, Status.REORDERED, n, i, "event " + i + " holds seq " + f.seq + "; seq " + i
                        + " is at position " + positionOfSeq.get((long) i));
            }
            if (chainContinuesWithoutIt) {
                return bad(sid, Status.INSERTED, n, i, "event " + i + " was inserted: the chain continues without it");
            }
            if (f.seq > i) {
                return bad(sid, Status.DELETED, n, i, "events with seq " + i + ".." + (f.seq - 1)
                        + " are missing before position " + i);
            }
            if (f.seq == i) {
                return bad(sid, Status.CHANGED, n, Math.max(0, i - 1), i == 0
                        ? "event 0 does not start this session's chain"
                        : "event " + (i - 1) + " was rewritten: event " + i + " links to a different hash");
            }
            return bad(sid, Status.INSERTED, n, i, "event " + i + " repeats seq " + f.seq);
        }
        LineFacts last = n == 0 ? null : lines.get(n - 1);
        boolean ended = last != null && EventType.SESSION_END.wireName().equals(last.type);
        if (ended) {
            if (last.count != n - 1 || last.last == null || !last.last.equals(last.prev)) {
                return bad(sid, Status.CHANGED, n, n - 1, "the session end's count or last hash does not match"
                        + " the chain (" + last.count + " events recorded, " + (n - 1) + " stored)");
            }
            return new Verification(sid, Status.OK, n, -1, null);
        }
        if (closed) {
            return bad(sid, Status.TRUNCATED, n, n, "the session was closed but its stored events stop after "
                    + n + " events without a session end (truncated tail)");
        }
        return new Verification(sid, Status.OPEN, n, -1, n == 0 ? "no events stored yet" : "no session end yet");
    }

    private static Verification bad(String sid, Status status, long n, long index, String detail) {
        return new Verification(sid, status, n, index, detail);
    }

    private record LineFacts(String sid, long seq, String prev, String hash, String recomputed, String type, long count,
                             String last) {
    }
}
