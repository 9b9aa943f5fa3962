package org.bankdata.pipeline;

import java.util.List;
import java.util.Objects;

/** One node of the pipeline graph: a task name, what it needs first, what it does (for docs) and its retry policy. */
public record TaskSpec(String name, List<String> dependsOn, String description, TaskPolicy policy) {
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        dependsOn = List.copyOf(dependsOn);
    }

    public TaskSpec withPolicy(TaskPolicy newPolicy) {
        return new TaskSpec(name, dependsOn, description, newPolicy);
    }
}
