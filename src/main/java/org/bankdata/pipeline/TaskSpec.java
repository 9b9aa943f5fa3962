package org.bankdata.pipeline;

import java.util.List;
import java.util.Objects;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;

/**
 * One node of the pipeline graph: a task name, the tables it reads (names from the table catalog), the tasks it must
 * follow without reading their tables ({@code after}: publish after check), what it does (for docs) and its retry
 * policy. The tables it writes are declared by the tables themselves ({@link TableDef#writtenBy()}); its dependencies
 * follow from both: {@link PipelineGraph} sets {@code dependsOn} to the writers of what it reads plus {@code after},
 * without the edges another path already implies.
 */
public record TaskSpec(String name, List<String> reads, List<String> after, String description, TaskPolicy policy,
        List<String> dependsOn) {
    public TaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        reads = List.copyOf(reads);
        after = List.copyOf(after);
        dependsOn = List.copyOf(dependsOn);
    }

    /** A task as declared: its dependencies are the graph's to derive. */
    public TaskSpec(String name, List<String> reads, List<String> after, String description, TaskPolicy policy) {
        this(name, reads, after, description, policy, List.of());
    }

    /** The tables this task writes, as the catalog declares them. */
    public List<String> writes() {
        return Tables.writtenBy(name).stream().map(TableDef::name).toList();
    }

    public TaskSpec withPolicy(TaskPolicy newPolicy) {
        return new TaskSpec(name, reads, after, description, newPolicy, dependsOn);
    }

    TaskSpec withDependsOn(List<String> newDependsOn) {
        return new TaskSpec(name, reads, after, description, policy, newDependsOn);
    }
}
