package org.bankdata.history;

import java.time.Instant;

/**
 * One row of {@code task_runs}: how a task of a run went.
 *
 * @param state       the task's state ({@link TaskState})
 * @param rowsIn      rows the task read (landed rows for an extraction, upstream tables' rows otherwise)
 * @param rowsOut     rows of the tables it wrote
 * @param outputsJson what it left for the tasks after it ({@code TaskOutputs} as JSON), when it succeeded
 */
public record TaskRun(String runId, String task, TaskState state, int attempts, Instant startedAt, Instant endedAt,
        Long rowsIn, Long rowsOut, String error, String outputsJson) {

    public boolean done() {
        return state.done();
    }

    public Double seconds() {
        return startedAt == null || endedAt == null ? null : (endedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
