package dev.witness.guardrails.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code sha256:<hex>} of the exact statement text (the statements of a batch, each preceded by
 * its length so that no two batches collide) or of a record (topic, partition, key and value
 * bytes or text). Computed only when a rule asks for approval.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String statements(List<String> sql) {
        MessageDigest d = sha256();
        for (String s : sql) {
            part(d, s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    public static String record(String topic, Integer partition, Object key, Object value) {
        MessageDigest d = sha256();
        part(d, topic.getBytes(StandardCharsets.UTF_8));
        part(d, partition == null ? new byte[0] : Integer.toString(partition).getBytes(StandardCharsets.UTF_8));
        part(d, bytes(key));
        part(d, bytes(value));
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    private static byte[] bytes(Object o) {
        if (o == null) {
            return new byte[0];
        }
        if (o instanceof byte[] b) {
            return b;
        }
        if (o instanceof ByteBuffer b) {
            ByteBuffer copy = b.duplicate();
            byte[] out = new byte[copy.remaining()];
            copy.get(out);
            return out;
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void part(MessageDigest d, byte[] bytes) {
        d.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
        d.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
