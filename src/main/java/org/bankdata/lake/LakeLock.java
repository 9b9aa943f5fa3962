package org.bankdata.lake;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.bankdata.errors.LakeException;

/**
 * Keeps two runs from writing one lake at once. The OS releases the lock when the process dies, so a
 * killed run never leaves the lake locked.
 */
public final class LakeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LakeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static LakeLock acquire(LakeLayout layout) {
        try {
            Files.createDirectories(layout.root());
            FileChannel channel = FileChannel.open(layout.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new LakeException("another bankdata run is writing lake " + layout.root()
                        + "; wait for it to finish or use another --lake");
            }
            return new LakeLock(channel, lock);
        } catch (IOException e) {
            throw new LakeException("cannot lock lake " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
