package org.bankdata.pipeline.context;

import java.util.Map;

/**
 * Figures a task reports besides its rows (API requests made, checks run, ...), each task with its own record.
 * They reach the run summary and the task's stored outputs under the names of {@link #asFacts()}.
 */
public interface TaskFigures {
    /** No figures. */
    TaskFigures NONE = Map::of;

    /** The figures by the names the run summary ({@code facts}) and the run history have always stored them under. */
    Map<String, Object> asFacts();
}
