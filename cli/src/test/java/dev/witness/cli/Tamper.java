package dev.witness.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Changes a stored event the way someone with write access to the store's files would
 * (docs/storage-file.md: frame = length, CRC32C, body; EVENT body = type 1, id, seq, time, JSON line):
 * one byte of the JSON line, with the frame's CRC recomputed (so only the hash chain can tell),
 * or without (so the store itself refuses the frame).
 */
final class Tamper {
    private Tamper() {
    }

    /**
     * Replaces the first occurrence of {@code from} in the JSON line of event {@code seq} of the
     * session by {@code to} (same length).
     */
    static void changeEvent(Path store, String sessionId, long seq, String from, String to, boolean fixCrc) throws IOException {
        if (from.length() != to.length()) {
            throw new IllegalArgumentException("same length only");
        }
        List<Path> segments;
        try (var s = Files.list(store)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".segment")).sorted().toList();
        }
        byte[] id = sessionId.getBytes(StandardCharsets.UTF_8);
        for (Path segment : segments) {
            byte[] bytes = Files.readAllBytes(segment);
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.remaining() >= 8) {
                int start = b.position();
                int length = b.getInt();
                b.getInt();
                int body = b.position();
                if (bytes[body] == 1) {
                    int idLength = ((bytes[body + 1] & 0xff) << 8) | (bytes[body + 2] & 0xff);
                    String frameId = new String(bytes, body + 3, idLength, StandardCharsets.UTF_8);
                    long frameSeq = ByteBuffer.wrap(bytes, body + 3 + idLength, 8).getLong();
                    if (frameId.equals(sessionId) && frameSeq == seq && idLength == id.length) {
                        int payload = body + 3 + idLength + 16;
                        String line = new String(bytes, payload, body + length - payload, StandardCharsets.UTF_8);
                        int at = line.indexOf(from);
                        if (at < 0) {
                            throw new IllegalStateException("'" + from + "' not in " + line);
                        }
                        byte[] prefix = line.substring(0, at).getBytes(StandardCharsets.UTF_8);
                        byte[] replacement = to.getBytes(StandardCharsets.UTF_8);
                        System.arraycopy(replacement, 0, bytes, payload + prefix.length, replacement.length);
                        if (fixCrc) {
                            CRC32C crc = new CRC32C();
                            crc.update(bytes, body, length);
                            ByteBuffer.wrap(bytes).putInt(start + 4, (int) crc.getValue());
                        }
                        Files.write(segment, bytes);
                        return;
                    }
                }
                b.position(body + length);
            }
        }
        throw new IllegalStateException("event " + seq + " of " + sessionId + " not found in " + segments);
    }
}
