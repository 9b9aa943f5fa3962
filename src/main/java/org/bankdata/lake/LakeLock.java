package org.bankdata.lake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.errors.LakeException;

/**
 * Keeps two runs from writing one lake at once. The OS releases the lock when the process dies, so a
 * killed run never leaves the lake locked. Within one JVM the lock files held are tracked too: an OS file
 * lock cannot be taken twice by one process, and closing a second channel on the lock file would drop
 * the first lock.
 */
public final class LakeLock implements AutoCloseable {
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean closed;

    private LakeLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    public static LakeLock acquire(LakeLayout layout) {
        return acquire(layout, Duration.ZERO);
    }

    /**
     * Takes the lake's lock, waiting up to {@code wait} for another process (or thread of this one) holding it
     * to let it go.
     */
    public static LakeLock acquire(LakeLayout layout, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return tryAcquire(layout);
            } catch (LakeBusyException busy) {
                if (System.nanoTime() >= deadline) {
                    throw busy;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }

    private static LakeLock tryAcquire(LakeLayout layout) {
        Path file = layout.lockFile();
        if (!HELD_IN_THIS_JVM.add(file)) {
            throw busy(layout);
        }
        try {
            Files.createDirectories(layout.root());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                HELD_IN_THIS_JVM.remove(file);
                throw busy(layout);
            }
            return new LakeLock(file, channel, lock);
        } catch (IOException e) {
            HELD_IN_THIS_JVM.remove(file);
            throw cannotLock(layout, e);
        }
    }

    /**
     * Fails fast, in a user's words, when a process that will write the lake cannot: its {@code runs/} folder is
     * made (or found) and a file written there and removed.
     */
    public static void requireWritable(LakeLayout layout) {
        try {
            Path runs = Files.createDirectories(layout.root().resolve("runs"));
            Path probe = Files.createTempFile(runs, ".writable-", ".probe");
            Files.delete(probe);
        } catch (IOException e) {
            throw cannotLock(layout, e);
        }
    }

    /** Why the lock file could not be made, in a user's words: a read-only lake is the usual reason. */
    static LakeException cannotLock(LakeLayout layout, IOException e) {
        if (e instanceof AccessDeniedException || e instanceof FileSystemException fs && fs.getReason() != null
                && (fs.getReason().contains("Read-only file system") || fs.getReason().contains("Permission denied"))) {
            return new LakeException("lake " + layout.root() + " is not writable (read-only file system or no permission):"
                    + " choose a writable --lake", e);
        }
        return new LakeException("cannot lock lake " + layout.root() + " (" + ErrorMessages.describe(e) + ")", e);
    }

    private static LakeBusyException busy(LakeLayout layout) {
        return new LakeBusyException("another bankdata process is publishing to lake " + layout.root()
                + "; wait for it to finish or use another --lake");
    }

    /** The lock is held by another process or thread. */
    private static final class LakeBusyException extends LakeException {
        LakeBusyException(String message) {
            super(message);
        }
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
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        } finally {
            HELD_IN_THIS_JVM.remove(file);
        }
    }
}
