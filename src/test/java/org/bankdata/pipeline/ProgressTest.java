package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.bankdata.history.RunState;
import org.bankdata.history.TaskState;

class ProgressTest {
    private final StringWriter text = new StringWriter();

    @Test
    void printsALinePerTaskEventAndASummaryTable() {
        Progress progress = new Progress(new PrintWriter(text), false);
        progress.started("extract_fees", 1);
        progress.retrying("extract_fees", 1, Duration.ofSeconds(2), "HTTP 503 from http://127.0.0.1:1/odata");
        progress.started("extract_fees", 2);
        TaskOutcome fees = new TaskOutcome("extract_fees", TaskState.of("succeeded"), 2, 3.5, 892, 1837, null);
        progress.finished(fees);
        progress.summary(new RunSummary("r1", RunState.of("succeeded"), Instant.EPOCH, Instant.EPOCH.plusSeconds(4), 4.0, Map.of(),
                List.of(fees, new TaskOutcome("publish", TaskState.of("upstream_failed"), 0, 0, -1, -1, "x")), Map.of(), Map.of(), List.of(),
                null, null));

        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).contains("extract_fees").contains("running");
        assertThat(lines.get(1)).contains("retrying").contains("attempt 1 failed, retrying in 2.0 s: HTTP 503");
        assertThat(lines.get(2)).contains("attempt 2");
        assertThat(lines.get(3)).contains("succeeded").contains("3.50 s").contains("1,837 rows").contains("(2 attempts)");
        assertThat(text.toString()).containsPattern("extract_fees\\s+succeeded\\s+2\\s+3.50\\s+892\\s+1,837")
                .containsPattern("publish\\s+upstream_failed\\s+-\\s+-\\s+-\\s+-")
                .doesNotContain("run r1");
    }

    @Test
    void aRunClosesWithOneLineTimedByItsSummary() {
        Progress progress = new Progress(new PrintWriter(text), false);
        RunSummary summary = new RunSummary("r1", RunState.of("succeeded"), Instant.EPOCH, Instant.EPOCH.plusMillis(4_260), 4.26, Map.of(),
                List.of(), Map.of(), Map.of(), List.of(), null, null);
        progress.summary(summary);
        progress.runFinished(summary, "published /lake/tables/_snapshot.json");

        assertThat(text.toString().lines().filter(l -> l.contains("r1")).toList())
                .containsExactly("run r1 succeeded in 4.3 s; published /lake/tables/_snapshot.json");
    }

    @Test
    void quietPrintsNothing() {
        Progress progress = new Progress(new PrintWriter(text), true);
        progress.runStarted("r1");
        progress.started("check", 1);
        progress.finished(new TaskOutcome("check", TaskState.of("succeeded"), 1, 1, 1, 1, null));
        progress.message("hello");
        progress.runEnded();
        assertThat(text.toString()).isEmpty();
    }
}
