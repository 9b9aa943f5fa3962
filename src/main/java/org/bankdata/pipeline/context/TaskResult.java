package org.bankdata.pipeline.context;

import java.util.Objects;

/**
 * What one task reports when it succeeds.
 *
 * @param rowsWritten rows of the tables the task wrote (curated, dimension, fact and chart tables; rows it
 *                    quarantined are counted apart): the task's {@code rows_out}. 0 for a task that writes no
 *                    table (check, publish).
 * @param figures     the task's own typed figures, {@link TaskFigures#NONE} when it has none
 */
public record TaskResult(long rowsWritten, TaskFigures figures) {
    public TaskResult {
        Objects.requireNonNull(figures, "figures");
        if (rowsWritten < 0) {
            throw new IllegalArgumentException("rows written cannot be negative: " + rowsWritten);
        }
    }

    /** A task with no figures of its own. */
    public static TaskResult rows(long rowsWritten) {
        return new TaskResult(rowsWritten, TaskFigures.NONE);
    }
}
