package org.bankdata.pipeline.context;


/** The work behind one task of the pipeline definition (a {@code TaskSpec}). Tasks read their inputs from, and write outputs to, the run context. */
public interface PipelineTask {
    /** Runs the task; returns the rows it wrote and its figures (for progress, the run summary and the run history). */
    TaskResult run(RunContext context);
}
