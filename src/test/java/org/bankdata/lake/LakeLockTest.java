package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bankdata.errors.LakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.testing.RunsBesideSpark;

@Timeout(30)
@RunsBesideSpark
class LakeLockTest {
    @TempDir
    Path dir;

    /** Tries to lock {@code lake} from another JVM (a real second process); true if it got the lock. */
    private static boolean otherProcessCanLock(Path lake) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LakeLockProbe.class.getName(), lake.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!child.waitFor(20, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("lock probe did not finish");
        }
        assertThat(child.exitValue()).as("probe exit code (0 locked, 3 refused)").isIn(0, 3);
        return child.exitValue() == 0;
    }

    @Test
    void secondAcquireWhileTheFirstIsHeldFails() {
        LakeLayout layout = new LakeLayout(dir.resolve("lake"));
        try (LakeLock first = LakeLock.acquire(layout)) {
            assertThat(layout.lockFile()).exists();

            assertThatThrownBy(() -> LakeLock.acquire(new LakeLayout(dir.resolve("lake"))))
                    .isInstanceOf(LakeException.class)
                    .hasMessageContaining("another bankdata process")
                    .hasMessageContaining(layout.root().toString());
        }
    }

    @Test
    void anotherProcessIsRefusedWhileHeldEvenAfterAFailedSecondAcquireHere() throws Exception {
        Path lake = dir.resolve("lake");
        try (LakeLock first = LakeLock.acquire(new LakeLayout(lake))) {
            assertThat(otherProcessCanLock(lake)).isFalse();

            assertThatThrownBy(() -> LakeLock.acquire(new LakeLayout(lake))).isInstanceOf(LakeException.class);
            // A failed attempt must not drop the lock this process holds.
            assertThat(otherProcessCanLock(lake)).isFalse();
        }
        assertThat(otherProcessCanLock(lake)).isTrue();
    }

    @Test
    void lockCanBeTakenAgainOnceReleased() {
        LakeLayout layout = new LakeLayout(dir);
        LakeLock once = LakeLock.acquire(layout);
        once.close();
        once.close();

        try (LakeLock again = LakeLock.acquire(layout)) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void differentLakesDoNotBlockEachOther() {
        try (LakeLock a = LakeLock.acquire(new LakeLayout(dir.resolve("a")));
                LakeLock b = LakeLock.acquire(new LakeLayout(dir.resolve("b")))) {
            assertThat(a).isNotSameAs(b);
        }
    }

    @Test
    void eachGrantOfTheFileLocksCarriesALargerTokenAndALetGoGrantIsNoLongerCurrent() {
        FileLakeLocks locks = new FileLakeLocks(dir.resolve("lake"));
        LakeLocks.Held first = locks.publishLock(java.time.Duration.ZERO);
        long token = first.token();
        first.requireCurrent();
        first.close();
        assertThatThrownBy(first::requireCurrent).isInstanceOf(LakeException.class)
                .hasMessageStartingWith("the publish lock of lake " + dir.resolve("lake") + " (grant " + token + ")")
                .hasMessageEndingWith("is no longer held by this process; nothing more is written under it");
        try (LakeLocks.Held second = locks.publishLock(java.time.Duration.ZERO)) {
            assertThat(second.token()).isEqualTo(token + 1);
            second.requireCurrent();
        }
        try (LakeLocks.Held lease = locks.hold("r1")) {
            assertThat(lease.token()).as("a lease file starts at one").isEqualTo(1);
            lease.requireCurrent();
        }
    }
}
