package org.bankdata.pipeline;

import org.bankdata.errors.BankdataException;

/** A run stopped at a task; carries the summary and the task's own error. */
public final class PipelineFailedException extends BankdataException {
    private final String task;
    private final RunSummary summary;

    public PipelineFailedException(String task, RunSummary summary, RuntimeException cause) {
        super(cause instanceof BankdataException b ? b.code() : "TASK_FAILED", cause instanceof BankdataException b && b.retriable(),
                cause instanceof BankdataException b ? b.exitCode() : 1,
                "run " + summary.runId() + " failed at " + task + ": " + PipelineRunner.message(cause)
                        + " (nothing was published; the previous tables are unchanged)", cause);
        this.task = task;
        this.summary = summary;
    }

    public String task() {
        return task;
    }

    public RunSummary summary() {
        return summary;
    }
}
