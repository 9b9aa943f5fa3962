package org.bankdata.lake;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.bankdata.errors.LakeException;

/**
 * Leases and the publish lock as OS file locks in one local folder: {@code runs/leases/<holder>.lease} and
 * {@code .lock}. For a local lake the folder is the lake itself (the files existing lakes already have); for a
 * lake on S3 it is the lake's local state folder ({@link LakeSite}), so the processes of one host take turns.
 * The OS drops a lock when its process dies, however it dies.
 */
public final class FileLakeLocks implements LakeLocks {
    private final LakeLayout folder;

    /** Locks kept in {@code dir}. */
    public FileLakeLocks(Path dir) {
        this.folder = new LakeLayout(dir);
    }

    /** The folder holding the lock files. */
    public Path dir() {
        return folder.root();
    }

    @Override
    public Held hold(String holder) {
        RunLease lease = RunLease.hold(folder, holder);
        return new FileHeld(lease.token(), lease::isCurrent, lease::close, holder + "'s lease");
    }

    @Override
    public boolean isHeld(String holder) {
        return RunLease.isHeld(folder, holder);
    }

    @Override
    public Held publishLock(Duration wait) {
        LakeLock lock = LakeLock.acquire(folder, wait);
        return new FileHeld(lock.token(), lock::isCurrent, lock::close, "the publish lock of lake " + folder.root());
    }

    /** A grant of a file lock: {@code current} reads the lock file's recorded grant. */
    private record FileHeld(long token, BooleanSupplier current, Runnable release, String what) implements Held {
        @Override
        public void requireCurrent() {
            if (!current.getAsBoolean()) {
                throw new LakeException(what + " (grant " + token + ") is no longer held by this process; nothing more"
                        + " is written under it");
            }
        }

        @Override
        public void close() {
            release.run();
        }
    }

    /** Fails fast, in a user's words, when the folder cannot be written (see {@link LakeLock#requireWritable}). */
    public void requireWritable() {
        LakeLock.requireWritable(folder);
    }
}
