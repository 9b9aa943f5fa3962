package org.bankdata.history;

import java.time.Instant;

/**
 * One row of {@code runs}.
 *
 * @param state      running, succeeded, failed or skipped
 * @param driver     {@code run} (one process runs the graph) or {@code job} (one process per task, e.g. Airflow)
 * @param attempts   how many times the run was started: 1, plus one per {@code --resume}
 * @param baseRunId  the run whose published snapshot this run builds on (null: nothing was published then)
 */
public record RunRecord(String runId, String state, Instant startedAt, Instant endedAt, String paramsJson,
        String paramsHash, String error, String driver, int attempts, String baseRunId) {

    public boolean finished() {
        return !RunHistory.RUNNING.equals(state);
    }
}
