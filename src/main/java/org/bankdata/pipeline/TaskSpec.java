package org.bankdata.pipeline;

import java.util.List;
import java.util.Objects;

/** One node of the pipeline graph: a task name, what it needs first, and what it does (for docs). */
public record TaskSpec(String name, List<String> dependsOn, String description) {
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        dependsOn = List.copyOf(dependsOn);
    }
}
