package dev.witness.jdbc.internal;

import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Length, SHA-256 and optionally the first bytes of a stream the driver reads, taken while the
 * driver reads it: the stream handed to the driver passes every byte through unchanged
 * (read, skip, mark/reset unsupported rather than altered, close forwarded), so the driver still
 * receives the whole stream. Hashing happens on the thread that reads, which for a stream bound
 * as a parameter is the application's thread during {@code setXxx} or {@code execute}: it is the
 * one capture cost proportional to data size, and the price of not buffering the stream.
 *
 * <p>{@link #summary()} is taken after the driver finished with the stream (after the execution);
 * a reader is hashed as UTF-8 and its length counts characters.
 */
final class LobDigest {
    private final MessageDigest sha;
    private final byte[] prefix;
    private int prefixLength;
    private long length;
    private Summary summary;

    private LobDigest(int prefixBytes) {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        this.prefix = new byte[prefixBytes];
    }

    /**
     * What was read: length (bytes, or characters for a reader), SHA-256 of the bytes read, and the prefix.
     *
     * @param length  bytes (or characters) read
     * @param sha256  the digest of what was read
     * @param prefix  the first bytes, at most {@code witness.jdbc.lob.prefixBytes}
     * @param chars   true for a character stream
     */
    record Summary(long length, byte[] sha256, byte[] prefix, boolean chars) {
    }

    synchronized Summary summary(boolean chars) {
        if (summary == null) {
            summary = new Summary(length, sha.digest(), Arrays.copyOf(prefix, prefixLength), chars);
        }
        return summary;
    }

    private synchronized void update(byte[] b, int off, int len) {
        if (len <= 0 || summary != null) {
            return;
        }
        sha.update(b, off, len);
        if (prefixLength < prefix.length) {
            int n = Math.min(len, prefix.length - prefixLength);
            System.arraycopy(b, off, prefix, prefixLength, n);
            prefixLength += n;
        }
    }

    static InputStream wrap(InputStream in, int prefixBytes) {
        return in == null ? null : new DigestingInputStream(in, new LobDigest(prefixBytes));
    }

    static Reader wrap(Reader in, int prefixBytes) {
        return in == null ? null : new DigestingReader(in, new LobDigest(prefixBytes));
    }

    /** The summary of a wrapper made here, or {@code null} for anything else. */
    static Summary summaryOf(Object value) {
        if (value instanceof DigestingInputStream s) {
            return s.digest.summary(false);
        }
        if (value instanceof DigestingReader r) {
            return r.digest.summary(true);
        }
        return null;
    }

    static final class DigestingInputStream extends FilterInputStream {
        final LobDigest digest;

        DigestingInputStream(InputStream in, LobDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update(new byte[] {(byte) b}, 0, 1);
                digest.length++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                digest.length += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipped bytes must still be digested: read them through
            byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public synchronized void mark(int readlimit) {
        }

        @Override
        public synchronized void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }
    }

    static final class DigestingReader extends FilterReader {
        final LobDigest digest;

        DigestingReader(Reader in, LobDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int c = in.read();
            if (c >= 0) {
                account(new char[] {(char) c}, 0, 1);
            }
            return c;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = in.read(cbuf, off, len);
            if (n > 0) {
                account(cbuf, off, n);
            }
            return n;
        }

        private void account(char[] c, int off, int n) {
            byte[] utf8 = new String(c, off, n).getBytes(StandardCharsets.UTF_8);
            digest.update(utf8, 0, utf8.length);
            digest.length += n;
        }

        @Override
        public long skip(long n) throws IOException {
            char[] buf = new char[(int) Math.min(8192, Math.max(0, n))];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void mark(int readAheadLimit) throws IOException {
            throw new IOException("mark not supported");
        }

        @Override
        public void reset() throws IOException {
            throw new IOException("reset not supported");
        }
    }
}
