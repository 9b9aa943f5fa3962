package org.bankdata.pipeline;

import java.util.List;
import java.util.Objects;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;

/**
 * One node of the pipeline graph: a task name, what it needs first, the tables it reads (names from the table
 * catalog), what it does (for docs) and its retry policy. The tables it writes are declared by the tables
 * themselves ({@link TableDef#writtenBy()}); {@link PipelineGraph#dataFlowProblems()} checks that every table a
 * task reads is written upstream of it.
 */
public record TaskSpec(String name, List<String> dependsOn, List<String> reads, String description, TaskPolicy policy) {
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        dependsOn = List.copyOf(dependsOn);
        reads = List.copyOf(reads);
    }

    /** A task that reads no table of the run. */
    public TaskSpec(String name, List<String> dependsOn, String description, TaskPolicy policy) {
        this(name, dependsOn, List.of(), description, policy);
    }

    /** The tables this task writes, as the catalog declares them. */
    public List<String> writes() {
        return Tables.writtenBy(name).stream().map(TableDef::name).toList();
    }

    public TaskSpec withPolicy(TaskPolicy newPolicy) {
        return new TaskSpec(name, dependsOn, reads, description, newPolicy);
    }

    public TaskSpec withDependsOn(List<String> newDependsOn) {
        return new TaskSpec(name, newDependsOn, reads, description, policy);
    }
}
