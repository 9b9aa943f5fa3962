package org.bankdata.pipeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bankdata.catalog.Tables;
import org.bankdata.errors.UsageException;

/**
 * A task graph: validated on construction (known dependencies, no cycle), with the walks the runner, the
 * CLI and the exports need. {@link PipelineDefinition#graph()} is the one graph of bankdata; tests derive
 * variants of it with other policies or dependencies, never other tasks.
 */
public final class PipelineGraph {
    private final Map<String, TaskSpec> byName = new LinkedHashMap<>();
    private final List<TaskSpec> order;

    public PipelineGraph(List<TaskSpec> tasks) {
        tasks.forEach(t -> {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("task " + t.name() + " is declared twice");
            }
        });
        for (TaskSpec t : tasks) {
            for (String dep : t.dependsOn()) {
                if (!byName.containsKey(dep)) {
                    throw new IllegalArgumentException("task " + t.name() + " depends on unknown task " + dep);
                }
            }
        }
        order = sort(tasks);
    }

    public List<TaskSpec> tasks() {
        return List.copyOf(byName.values());
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Tasks in an order where each comes after everything it depends on (stable: declaration order). */
    public List<TaskSpec> topologicalOrder() {
        return order;
    }

    public TaskSpec task(String name) {
        TaskSpec spec = byName.get(name);
        if (spec == null) {
            throw new UsageException("no task named '" + name + "'; tasks: " + String.join(", ", byName.keySet()));
        }
        return spec;
    }

    /** Every task that {@code names} need, directly or not (the names themselves excluded). */
    public Set<String> upstreamOf(Collection<String> names) {
        Set<String> found = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(names);
        while (!todo.isEmpty()) {
            for (String dep : task(todo.remove(todo.size() - 1)).dependsOn()) {
                if (found.add(dep)) {
                    todo.add(dep);
                }
            }
        }
        found.removeAll(names);
        return found;
    }

    /** Every task that needs one of {@code names}, directly or not (the names themselves excluded). */
    public Set<String> downstreamOf(Collection<String> names) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> frontier = new HashSet<>(names);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (TaskSpec t : order) {
                if (!found.contains(t.name()) && t.dependsOn().stream().anyMatch(frontier::contains)) {
                    found.add(t.name());
                    frontier.add(t.name());
                    grew = true;
                }
            }
        }
        found.removeAll(names);
        return found;
    }

    /**
     * Where the data flow and the dependencies disagree: each table a task reads (its {@link TaskSpec#reads()})
     * must be written (per the table catalog) only by tasks upstream of it, or the reader could start before
     * the table exists. Empty when the graph is sound.
     */
    public List<String> dataFlowProblems() {
        List<String> problems = new ArrayList<>();
        for (TaskSpec task : order) {
            Set<String> upstream = upstreamOf(List.of(task.name()));
            for (String table : task.reads()) {
                List<String> writers = Tables.named(table).writtenBy();
                for (String writer : writers) {
                    if (!byName.containsKey(writer)) {
                        problems.add("table " + table + " is written by " + writer + ", which is not a task of the graph");
                    } else if (!upstream.contains(writer)) {
                        problems.add(task.name() + " reads " + table + ", written by " + writer + ", which is not upstream of "
                                + task.name() + "; add the dependency");
                    }
                }
            }
        }
        return problems;
    }

    /** The same graph with the dependencies of {@code task} replaced (tests: a graph with an edge removed). */
    public PipelineGraph withDependsOn(String task, List<String> dependsOn) {
        task(task);
        return new PipelineGraph(byName.values().stream()
                .map(t -> t.name().equals(task) ? t.withDependsOn(dependsOn) : t).toList());
    }

    /** The same graph with the policy of {@code task} replaced. */
    public PipelineGraph withPolicy(String task, UnaryOperator<TaskPolicy> change) {
        task(task);
        return new PipelineGraph(byName.values().stream()
                .map(t -> t.name().equals(task) ? t.withPolicy(change.apply(t.policy())) : t).toList());
    }

    private static List<TaskSpec> sort(List<TaskSpec> tasks) {
        List<TaskSpec> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (ordered.size() < tasks.size()) {
            boolean progressed = false;
            for (TaskSpec task : tasks) {
                if (!done.contains(task.name()) && done.containsAll(task.dependsOn())) {
                    ordered.add(task);
                    done.add(task.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalArgumentException("the pipeline graph has a cycle");
            }
        }
        return List.copyOf(ordered);
    }
}
