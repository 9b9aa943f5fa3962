package org.bankdata.pipeline.context;


/** The work behind one task of the pipeline definition (a {@code TaskSpec}). Tasks read their inputs from, and write outputs to, the run context. */
public interface PipelineTask {
    /** Runs the task; returns the number of rows it produced (for progress and the run summary). */
    long run(RunContext context);
}
