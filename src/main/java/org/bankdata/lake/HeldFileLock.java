package org.bankdata.lake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An exclusive OS lock on a file, held until closed or until the process dies (the OS drops it then, however
 * the process ends). Within one JVM the files held are tracked too: an OS file lock cannot be taken twice by one
 * process, and closing a second channel on the same file would drop the first lock. The lake's publish lock
 * ({@link LakeLock}) and the leases of live runs ({@link RunLease}) are such locks.
 */
final class HeldFileLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean deleteOnClose;
    private final long token;
    private boolean closed;

    private HeldFileLock(Path file, FileChannel channel, FileLock lock, boolean deleteOnClose, long token) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.deleteOnClose = deleteOnClose;
        this.token = token;
    }

    /**
     * Takes the lock on {@code file} (created with its folder when missing), or returns null when this JVM or
     * another process holds it. With {@code deleteOnClose} the file is removed when the lock is let go.
     */
    static HeldFileLock tryTake(Path file, boolean deleteOnClose) throws IOException {
        if (!HELD_IN_THIS_JVM.add(file)) {
            return null;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(file);
                return null;
            }
            try {
                long token = readToken(channel) + 1;
                writeToken(channel, token);
                return new HeldFileLock(file, channel, lock, deleteOnClose, token);
            } catch (IOException | RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            HELD_IN_THIS_JVM.remove(file);
            throw e;
        }
    }

    /** This grant's fencing token: larger than the token of every earlier grant of the file. */
    long token() {
        return token;
    }

    /**
     * Whether this grant is still the current one: not let go, the OS lock valid, and no later grant recorded in
     * the file.
     */
    synchronized boolean isCurrent() {
        if (closed || !lock.isValid()) {
            return false;
        }
        try {
            return readToken(channel) == token;
        } catch (IOException e) {
            return false;
        }
    }

    private static long readToken(FileChannel channel) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES);
        long at = 0;
        while (bytes.hasRemaining()) {
            int n = channel.read(bytes, at);
            if (n < 0) {
                return 0; // a new file (or one written before tokens): no grant recorded yet
            }
            at += n;
        }
        return bytes.flip().getLong();
    }

    private static void writeToken(FileChannel channel, long token) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).putLong(token).flip();
        long at = 0;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        channel.truncate(Long.BYTES);
        channel.force(false);
    }

    /** Whether this JVM holds the lock on {@code file}. */
    static boolean heldInThisJvm(Path file) {
        return HELD_IN_THIS_JVM.contains(file);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            lock.release();
            channel.close();
            if (deleteOnClose) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway; a file left without a lock means "not held"
        } finally {
            HELD_IN_THIS_JVM.remove(file);
        }
    }
}
