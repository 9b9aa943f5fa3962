package org.bankdata.pipeline;

/**
 * How one task of a run ended. State: succeeded, failed, timed_out, upstream_failed, reused or not_run.
 * {@code rowsIn}/{@code rows} are -1 when unknown (the task did not run).
 */
public record TaskOutcome(String task, String state, int attempts, double seconds, long rowsIn, long rows, String error) {
    public boolean done() {
        return "succeeded".equals(state) || "reused".equals(state);
    }
}
