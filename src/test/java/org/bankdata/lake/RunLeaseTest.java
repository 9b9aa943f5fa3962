package org.bankdata.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bankdata.ChildJvm;
import org.bankdata.errors.LakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class RunLeaseTest {
    @TempDir
    Path dir;

    @Test
    void aLeaseIsHeldWhileOpenAndNotAfterwards() {
        LakeLayout layout = new LakeLayout(dir.resolve("lake"));
        assertThat(RunLease.isHeld(layout, "r1")).isFalse();
        try (RunLease lease = RunLease.hold(layout, RunLease.ofRun("r1"))) {
            assertThat(RunLease.isHeld(layout, "r1")).isTrue();
            assertThat(RunLease.isHeld(layout, "r2")).isFalse();
            assertThatThrownBy(() -> RunLease.hold(layout, "r1")).isInstanceOf(LakeException.class)
                    .hasMessageContaining("r1 is already being run");
        }
        assertThat(RunLease.isHeld(layout, "r1")).isFalse();
        assertThat(layout.leaseFile("r1")).doesNotExist();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLeaseOfAProcessKilledWithSigkillIsNoLongerHeld() throws Exception {
        LakeLayout layout = new LakeLayout(dir.resolve("lake"));
        String holder = RunLease.ofTask("manual__1", "extract_fees");
        Process child = ChildJvm.builder(List.of(), RunLeaseHolder.class.getName(), List.of(layout.root().toString(), holder))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("held");
            assertThat(RunLease.isHeld(layout, holder)).as("while the child lives").isTrue();
            assertThatThrownBy(() -> RunLease.hold(layout, holder)).isInstanceOf(LakeException.class)
                    .hasMessageContaining("another live process");
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        assertThat(layout.leaseFile(holder)).as("left behind by the killed process").exists();
        assertThat(RunLease.isHeld(layout, holder)).as("after SIGKILL").isFalse();
        try (RunLease again = RunLease.hold(layout, holder)) {
            assertThat(RunLease.isHeld(layout, holder)).isTrue();
        }
    }
}
