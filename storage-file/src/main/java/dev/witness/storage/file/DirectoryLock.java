package dev.witness.storage.file;

import dev.witness.storage.StoreException;
import dev.witness.storage.StoreLockedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exclusive ownership of a store directory: an OS file lock on {@value SegmentFiles#LOCK}
 * against other processes, plus a JVM-wide registry against a second open in this process
 * (the OS lock is per process, and {@code tryLock} within one JVM throws
 * {@link OverlappingFileLockException} rather than failing cleanly).
 *
 * <p>Threading: {@link #acquire} and {@link #release} may be called from any thread; the
 * registry is a concurrent set keyed by the directory's real path. Invariant: while an
 * instance is held, no other {@code FileStore} (in this or another process) writes the directory.
 * The lock file holds the owner's pid and host, so that the error can name the owner.
 */
final class DirectoryLock {
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private DirectoryLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    static DirectoryLock acquire(Path dir) {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new StoreException("cannot resolve store directory " + dir + ": " + e.getMessage(), e);
        }
        if (!HELD.add(key)) {
            throw new StoreLockedException("store directory " + key + " is already open in this JVM; "
                    + "open each store once and share it (one Recorder per configuration does that)");
        }
        Path file = key.resolve(SegmentFiles.LOCK);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = owner(file);
                throw new StoreLockedException("store directory " + key + " is locked by another process"
                        + (owner.isEmpty() ? "" : " (" + owner + ")") + " through " + file
                        + "; a store directory has one writer at a time: stop the other process or use another directory");
            }
            byte[] me = ("pid " + ProcessHandle.current().pid() + " on " + host()).getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(me), 0);
            return new DirectoryLock(key, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(key);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new StoreException("cannot lock store directory " + key + ": " + e.getMessage(), e);
        }
    }

    Path directory() {
        return dir;
    }

    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StoreException("cannot release the lock of store directory " + dir + ": " + e.getMessage(), e);
        } finally {
            HELD.remove(dir);
        }
    }

    private static String owner(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static String host() {
        // no DNS look-up here: it can stall start-up for seconds on a badly configured host
        String host = System.getenv("HOSTNAME");
        return host == null || host.isEmpty() ? "this host" : host;
    }
}
