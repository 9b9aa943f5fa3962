package org.bankdata.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a run did, written to {@code runs/<run-id>.json} whatever the outcome. */
public record RunSummary(
        String runId,
        String state,
        Instant startedAt,
        Instant endedAt,
        double seconds,
        Map<String, String> parameters,
        List<TaskOutcome> tasks,
        Map<String, Long> quarantined,
        Map<String, Object> facts,
        List<String> warnings,
        String failedTask,
        String error) {

    public boolean succeeded() {
        return "succeeded".equals(state);
    }
}
