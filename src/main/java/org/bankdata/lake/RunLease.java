package org.bankdata.lake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.bankdata.errors.LakeException;

/**
 * Proof that a process is alive and working on a run (or on one task of a run, for {@code bankdata job}): an
 * exclusive OS lock on {@code runs/leases/<holder>.lease}, held for as long as the work goes on. The OS drops
 * the lock when the process dies, however it dies ({@code kill -9}, a crash, a power cut), so anyone can tell
 * a run whose process is gone from a run still going, at once and without a timeout: the run history's
 * "running" is believed only while its lease is held.
 */
public final class RunLease implements AutoCloseable {
    private final HeldFileLock lock;

    private RunLease(HeldFileLock lock) {
        this.lock = lock;
    }

    /** The lease of a whole run ({@code bankdata run}). */
    public static String ofRun(String runId) {
        return runId;
    }

    /** The lease of one task of a run driven task by task ({@code bankdata job}). */
    public static String ofTask(String runId, String task) {
        return runId + "~" + task;
    }

    /** Takes {@code holder}'s lease; fails if another live process holds it. */
    public static RunLease hold(LakeLayout layout, String holder) {
        Path file = layout.leaseFile(holder);
        if (HeldFileLock.heldInThisJvm(file)) {
            throw new LakeException(holder + " is already being run by this process");
        }
        try {
            HeldFileLock lock = HeldFileLock.tryTake(file, true);
            if (lock == null) {
                throw new LakeException(holder + " is being run by another live process; wait for it, or stop it first");
            }
            return new RunLease(lock);
        } catch (IOException e) {
            throw new LakeException("cannot write in lake " + layout.root() + " (" + e.getMessage()
                    + "); choose a writable --lake", e);
        }
    }

    /**
     * Whether a live process holds {@code holder}'s lease. Asks for a shared lock through a read-only channel,
     * so it also answers on a read-only lake: granted means nobody holds the exclusive one.
     */
    public static boolean isHeld(LakeLayout layout, String holder) {
        Path file = layout.leaseFile(holder);
        if (HeldFileLock.heldInThisJvm(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (NoSuchFileException e) {
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            // cannot tell: believe the history rather than declare a live run dead
            return true;
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
