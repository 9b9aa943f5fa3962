package org.bankdata.lake;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.errors.LakeException;

/**
 * The lake's publish lock ({@code .lock}): held for the moment of a publish's compare-and-swap, so two
 * publishers never read the same base and both win. The OS releases it when the process dies, so a killed
 * process never leaves the lake locked.
 */
public final class LakeLock implements AutoCloseable {
    private final HeldFileLock lock;

    private LakeLock(HeldFileLock lock) {
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
        try {
            HeldFileLock lock = HeldFileLock.tryTake(layout.lockFile(), false);
            if (lock == null) {
                throw busy(layout);
            }
            return new LakeLock(lock);
        } catch (IOException e) {
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

    /** This grant's fencing token (see {@link LakeLocks.Held#token}). */
    public long token() {
        return lock.token();
    }

    /** Whether this grant is still the current one: held, and no later grant recorded. */
    public boolean isCurrent() {
        return lock.isCurrent();
    }

    @Override
    public void close() {
        lock.close();
    }
}
