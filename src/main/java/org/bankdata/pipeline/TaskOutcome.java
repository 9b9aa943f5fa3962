package org.bankdata.pipeline;

import org.bankdata.history.TaskState;

/**
 * How one task of a run ended: succeeded, failed, timed_out, upstream_failed, reused or not_run.
 * {@code rowsIn}/{@code rows} are -1 when unknown (the task did not run).
 */
public record TaskOutcome(String task, TaskState state, int attempts, double seconds, long rowsIn, long rows, String error) {
    public boolean done() {
        return state.done();
    }
}
