package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bankdata.errors.RunStateException;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stored state values never change, and the history refuses a run state change the enum does not allow. */
class RunStateTest {
    private static final Instant T0 = Instant.parse("2026-11-24T04:00:00Z");

    @TempDir
    Path lake;

    @Test
    void storedValuesAreTheOnesOldHistoriesHold() {
        assertThat(Arrays.stream(RunState.values()).map(RunState::text))
                .containsExactly("running", "succeeded", "failed", "skipped");
        assertThat(Arrays.stream(TaskState.values()).map(TaskState::text)).containsExactly("pending", "running",
                "succeeded", "failed", "timed_out", "upstream_failed", "not_run", "reused");
        assertThat(RunState.SUCCEEDED_WITH_WARNINGS).isEqualTo("succeeded_with_warnings");
        for (TaskState s : TaskState.values()) {
            assertThat(TaskState.of(s.text())).isSameAs(s);
        }
        assertThatThrownBy(() -> RunState.of("done")).hasMessageContaining("unknown run state 'done'");
    }

    @Test
    void runTransitions() {
        assertThat(RunState.RUNNING.canBecome(RunState.SUCCEEDED)).isTrue();
        assertThat(RunState.RUNNING.canBecome(RunState.FAILED)).isTrue();
        assertThat(RunState.FAILED.canBecome(RunState.RUNNING)).as("--resume").isTrue();
        assertThat(RunState.SUCCEEDED.canBecome(RunState.RUNNING)).as("a later job of a job-driven run").isTrue();
        assertThat(RunState.SUCCEEDED.canBecome(RunState.FAILED)).isFalse();
        assertThat(RunState.FAILED.canBecome(RunState.FAILED)).as("a failure recorded again with a better reason").isTrue();
        assertThat(RunState.FAILED.canBecome(RunState.SUCCEEDED)).as("only by running again").isFalse();
        assertThat(RunState.SKIPPED.canBecome(RunState.RUNNING)).isFalse();
        assertThat(RunState.initial()).containsExactlyInAnyOrder(RunState.RUNNING, RunState.SKIPPED);
    }

    @Test
    void taskTransitions() {
        assertThat(TaskState.PENDING.canBecome(TaskState.RUNNING)).isTrue();
        assertThat(TaskState.RUNNING.canBecome(TaskState.RUNNING)).as("the next attempt").isTrue();
        assertThat(TaskState.SUCCEEDED.canBecome(TaskState.REUSED)).isTrue();
        assertThat(TaskState.FAILED.canBecome(TaskState.PENDING)).as("a resume").isTrue();
        assertThat(TaskState.PENDING.canBecome(TaskState.SUCCEEDED)).as("only by running").isFalse();
        assertThat(TaskState.FAILED.canBecome(TaskState.REUSED)).as("a failed task left nothing to reuse").isFalse();
        assertThat(List.of(TaskState.SUCCEEDED, TaskState.REUSED)).allMatch(TaskState::done);
    }

    @Test
    void theHistoryRefusesAnIllegalRunStateChange() {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThatThrownBy(() -> history.createRun("r0", RunState.SUCCEEDED, T0, "{}", "h", "run"))
                    .isInstanceOf(RunStateException.class);
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
            history.finishRun("r", RunState.SUCCEEDED, T0.plusSeconds(1), null);
            assertThatThrownBy(() -> history.finishRun("r", RunState.SUCCEEDED, T0.plusSeconds(2), null))
                    .isInstanceOf(RunStateException.class).hasMessage("run r is succeeded and cannot become succeeded");
            assertThatThrownBy(() -> history.finishRun("r", RunState.FAILED, T0.plusSeconds(2), "late"))
                    .isInstanceOf(RunStateException.class).hasMessage("run r is succeeded and cannot become failed");
            assertThat(history.run("r").orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            history.restartRun("r");
            assertThat(history.run("r").orElseThrow().state()).isEqualTo(RunState.RUNNING);
        }
    }
}
