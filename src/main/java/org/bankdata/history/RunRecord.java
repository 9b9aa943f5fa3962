package org.bankdata.history;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code runs}.
 *
 * @param state      the stored state (the state as users see it is {@link #displayState()})
 * @param driver     {@code run} (one process runs the graph) or {@code job} (one process per task, e.g. Airflow)
 * @param attempts   how many times the run was started: 1, plus one per {@code --resume}
 * @param warnings   what a finished run warns about (e.g. rows quarantined within the limit); empty when none
 * @param baseRunId  the run whose published snapshot this run builds on ("" nothing was published then; null:
 *                   recorded before runs kept their base)
 */
public record RunRecord(String runId, RunState state, Instant startedAt, Instant endedAt, String paramsJson,
        String paramsHash, String error, String driver, int attempts, List<String> warnings,
        String baseRunId) {

    public RunRecord {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** The state as users see it: {@code succeeded with warnings} for a succeeded run that has warnings. */
    public String displayState() {
        return state.display(warnings);
    }

    public boolean finished() {
        return state.finished();
    }
}
