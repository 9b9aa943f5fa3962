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
    /** The tasks in topological order (stable: declaration order), their dependencies derived. */
    private final Map<String, TaskSpec> byName = new LinkedHashMap<>();
    private final List<TaskSpec> order;

    /**
     * Derives the edges from the table catalog: a task depends on every task that writes a table it reads
     * ({@code reads} × {@link org.bankdata.catalog.TableDef#writtenBy()}) and on its {@code after} tasks. Refused: a
     * task reading a table that no task of the graph writes, an unknown {@code after} task, a cycle.
     */
    public PipelineGraph(List<TaskSpec> tasks) {
        Map<String, TaskSpec> declared = new LinkedHashMap<>();
        tasks.forEach(t -> {
            if (declared.put(t.name(), t) != null) {
                throw new IllegalArgumentException("task " + t.name() + " is declared twice");
            }
        });
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        for (TaskSpec t : tasks) {
            Set<String> deps = new LinkedHashSet<>();
            for (String table : t.reads()) {
                for (String writer : Tables.named(table).writtenBy()) {
                    if (!declared.containsKey(writer)) {
                        throw new IllegalArgumentException("task " + t.name() + " reads " + table + ", which no task of the"
                                + " graph writes (the table catalog names " + writer + " as its writer)");
                    }
                    if (!writer.equals(t.name())) {
                        deps.add(writer);
                    }
                }
            }
            for (String dep : t.after()) {
                if (!declared.containsKey(dep)) {
                    throw new IllegalArgumentException("task " + t.name() + " comes after unknown task " + dep);
                }
                deps.add(dep);
            }
            needs.put(t.name(), deps);
        }
        List<String> names = List.copyOf(declared.keySet());
        for (TaskSpec t : sort(tasks, needs)) {
            byName.put(t.name(), t.withDependsOn(direct(t.name(), needs, names)));
        }
        order = List.copyOf(byName.values());
    }

    /** The dependencies of {@code task} that no other dependency of it already implies, in declaration order. */
    private static List<String> direct(String task, Map<String, Set<String>> needs, List<String> names) {
        Set<String> implied = new HashSet<>();
        for (String dep : needs.get(task)) {
            implied.addAll(reachable(dep, needs));
        }
        return names.stream().filter(n -> needs.get(task).contains(n) && !implied.contains(n)).toList();
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> needs) {
        Set<String> found = new HashSet<>();
        List<String> todo = new ArrayList<>(needs.get(from));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (found.add(next)) {
                todo.addAll(needs.get(next));
            }
        }
        return found;
    }

    public List<TaskSpec> tasks() {
        return order;
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

    /** The same graph with the policy of {@code task} replaced. */
    public PipelineGraph withPolicy(String task, UnaryOperator<TaskPolicy> change) {
        task(task);
        return new PipelineGraph(byName.values().stream()
                .map(t -> t.name().equals(task) ? t.withPolicy(change.apply(t.policy())) : t).toList());
    }

    private static List<TaskSpec> sort(List<TaskSpec> tasks, Map<String, Set<String>> needs) {
        List<TaskSpec> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (ordered.size() < tasks.size()) {
            boolean progressed = false;
            for (TaskSpec task : tasks) {
                if (!done.contains(task.name()) && done.containsAll(needs.get(task.name()))) {
                    ordered.add(task);
                    done.add(task.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalArgumentException("the pipeline graph has a cycle among "
                        + tasks.stream().map(TaskSpec::name).filter(n -> !done.contains(n)).toList()
                        + ": a task reads a table written by a task after it");
            }
        }
        return List.copyOf(ordered);
    }
}
