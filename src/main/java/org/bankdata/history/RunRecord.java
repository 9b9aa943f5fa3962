package org.bankdata.history;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code runs}.
 *
 * @param state      running, succeeded, failed or skipped
 * @param driver     {@code run} (one process runs the graph) or {@code job} (one process per task, e.g. Airflow)
 * @param attempts   how many times the run was started: 1, plus one per {@code --resume}
 * @param warnings   what a finished run warns about (e.g. rows quarantined within the limit); empty when none
 * @param baseRunId  the run whose published snapshot this run builds on ("" nothing was published then; null:
 *                   recorded before runs kept their base)
 */
public record RunRecord(String runId, String state, Instant startedAt, Instant endedAt, String paramsJson,
        String paramsHash, String error, String driver, int attempts, List<String> warnings,
        String baseRunId) {

    public RunRecord {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The state as users see it: {@code succeeded with warnings} for a succeeded run that has warnings. */
    public String displayState() {
        return RunHistory.SUCCEEDED.equals(state) && !warnings.isEmpty() ? RunHistory.SUCCEEDED_WITH_WARNINGS : state;
    }

    public boolean finished() {
        return !RunHistory.RUNNING.equals(state);
    }
}
