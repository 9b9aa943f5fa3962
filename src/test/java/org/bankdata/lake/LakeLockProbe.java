package org.bankdata.lake;

import java.nio.file.Path;
import org.bankdata.errors.LakeException;

/** Run in a child JVM by {@link LakeLockTest}: exits 0 if it could lock the lake given as argument, 3 if refused. */
public final class LakeLockProbe {
    private LakeLockProbe() {
    }

    public static void main(String[] args) {
        try (LakeLock lock = LakeLock.acquire(new LakeLayout(Path.of(args[0])))) {
            System.exit(0);
        } catch (LakeException e) {
            System.exit(3);
        }
    }
}
