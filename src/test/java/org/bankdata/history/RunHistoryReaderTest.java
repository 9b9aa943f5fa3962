package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs page's reader on a history written by an older bankdata (no warnings column) and on a current one. */
class RunHistoryReaderTest {
    @TempDir
    Path lake;

    @Test
    void anOldHistoryWithoutTheWarningsColumnIsReadAsIs() throws Exception {
        LakeLayout layout = new LakeLayout(lake);
        RunHistoryFixture.write(layout.historyDb());
        List<RunHistoryReader.Run> runs = new RunHistoryReader(layout).recent(10).orElseThrow();
        assertThat(runs).extracting(RunHistoryReader.Run::state).containsExactly("failed", "succeeded");
        assertThat(runs).allSatisfy(r -> assertThat(r.warnings()).isEmpty());
    }

    @Test
    void aSucceededRunWithWarningsIsShownSoWithItsWarnings() {
        LakeLayout layout = new LakeLayout(lake);
        Instant t0 = Instant.parse("2026-11-24T04:00:00Z");
        try (RunHistory history = RunHistory.open(layout)) {
            history.createRun("clean", RunState.RUNNING, t0, "{}", "h", "run");
            history.finishRun("clean", RunState.SUCCEEDED, t0.plusSeconds(9), null);
            history.createRun("dropped", RunState.RUNNING, t0.plusSeconds(60), "{}", "h", "run");
            history.finishRun("dropped", RunState.SUCCEEDED, t0.plusSeconds(69), null,
                    List.of("2 complaints row(s) quarantined and left out of 892 (limit 8; ...)"));
        }
        List<RunHistoryReader.Run> runs = new RunHistoryReader(layout).recent(10).orElseThrow();
        assertThat(runs).extracting(RunHistoryReader.Run::runId).containsExactly("dropped", "clean");
        assertThat(runs.get(0).state()).isEqualTo("succeeded_with_warnings");
        assertThat(runs.get(0).warnings()).containsExactly("2 complaints row(s) quarantined and left out of 892 (limit 8; ...)");
        assertThat(runs.get(1).state()).isEqualTo("succeeded");
    }
}
