package org.bankdata.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bankdata.history.RunState;

/**
 * What a run did, written to {@code runs/<run-id>.json} whatever the outcome. {@code warnings} are what a
 * succeeded run must still tell (rows quarantined within the limit, an input with no rows, a WARN check, later
 * e.g. skipped fee institutions): one line each, stored with the run in the history.
 */
public record RunSummary(
        String runId,
        RunState state,
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
        return state == RunState.SUCCEEDED;
    }

    /** Succeeded, but with something the user must know (exit code 3 of {@code bankdata run}). */
    public boolean succeededWithWarnings() {
        return succeeded() && warnings != null && !warnings.isEmpty();
    }
}
