package org.bankdata.pipeline;

import java.util.Map;
import java.util.Set;
import org.bankdata.pipeline.context.TaskOutputs;

/**
 * What a run will do before it starts: its id, whether it continues an earlier attempt of the same run,
 * the tasks to run, and the finished tasks whose outputs it reuses (by task).
 */
public record RunPlan(String runId, boolean resumed, Set<String> selected, Map<String, TaskOutputs> reused) {
    public RunPlan {
        selected = Set.copyOf(selected);
        reused = Map.copyOf(reused);
    }
}
