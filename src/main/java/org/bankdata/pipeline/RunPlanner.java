package org.bankdata.pipeline;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bankdata.history.RunState;
import org.bankdata.errors.RunStateException;
import org.bankdata.errors.UsageException;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskRun;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.Snapshot;
import org.bankdata.pipeline.context.TaskOutputs;

/**
 * Decides from the run history which tasks a run runs and which finished outputs it reuses:
 * a whole new run; {@code --resume}: the failed and not-run tasks of an earlier run, in that run;
 * {@code --only} (and {@code --downstream}): part of the graph, on top of the published run's outputs
 * or, with {@code --resume}, of that run's.
 */
public final class RunPlanner {
    private final PipelineGraph graph;
    private final LakeSite site;
    private final RunHistory history;

    public RunPlanner(PipelineGraph graph, LakeSite site, RunHistory history) {
        this.graph = graph;
        this.site = site;
        this.history = history;
    }

    public RunPlan fresh(String runId, List<String> only, boolean downstream) {
        if (only.isEmpty()) {
            return new RunPlan(runId, false, Set.copyOf(graph.names()), Map.of());
        }
        Set<String> selected = selection(only, downstream);
        Snapshot published = site.snapshots().current().orElseThrow(() -> new RunStateException(
                "--only " + String.join(",", only) + " needs the outputs of an earlier run, but nothing is published in "
                        + site.location() + "; run the whole pipeline first"));
        Map<String, TaskOutputs> source = doneOutputs(published.runId());
        Map<String, TaskOutputs> reused = new LinkedHashMap<>();
        for (String task : graph.upstreamOf(selected)) {
            if (selected.contains(task)) {
                continue;
            }
            TaskOutputs outputs = source.get(task);
            if (outputs == null) {
                throw new RunStateException("--only needs the outputs of " + task + ", which the published run "
                        + published.runId() + " has not recorded; run the whole pipeline first");
            }
            reused.put(task, QuarantineCopy.into(site, runId, outputs));
        }
        return new RunPlan(runId, false, selected, reused);
    }

    public RunPlan resume(RunRecord run, List<String> only, boolean downstream) {
        if (run.state() == RunState.SUCCEEDED && only.isEmpty()) {
            throw new UsageException("run " + run.runId() + " succeeded: there is nothing to resume (use --only TASK to rerun part"
                    + " of it, or start a new run)");
        }
        if (run.state() == RunState.SKIPPED) {
            throw new UsageException("run " + run.runId() + " was skipped (same parameters as an earlier run); nothing to resume");
        }
        if (run.state() == RunState.SUCCEEDED) {
            throw new UsageException("run " + run.runId() + " succeeded and its tables may be published; rerun part of it in a"
                    + " new run: bankdata run --only " + String.join(",", only) + (downstream ? " --downstream" : ""));
        }
        Map<String, TaskOutputs> done = doneOutputs(run.runId());
        Set<String> selected = new LinkedHashSet<>();
        if (!only.isEmpty()) {
            selected.addAll(selection(only, downstream));
        }
        for (TaskSpec task : graph.topologicalOrder()) {
            boolean upstreamRerun = task.dependsOn().stream().anyMatch(selected::contains) && only.isEmpty();
            if (!done.containsKey(task.name()) || !tablesExist(done.get(task.name())) || upstreamRerun) {
                selected.add(task.name());
            }
        }
        for (String task : selected) {
            for (String dep : graph.upstreamOf(List.of(task))) {
                if (!selected.contains(dep) && !done.containsKey(dep)) {
                    throw new RunStateException("task " + task + " needs " + dep + ", which has not succeeded in run "
                            + run.runId() + "; resume without --only");
                }
            }
        }
        Map<String, TaskOutputs> reused = new LinkedHashMap<>(done);
        reused.keySet().removeAll(selected);
        return new RunPlan(run.runId(), true, selected, reused);
    }

    /** The outputs of the tasks of {@code runId} that succeeded (or were reused), by task. */
    public Map<String, TaskOutputs> doneOutputs(String runId) {
        Map<String, TaskOutputs> done = new LinkedHashMap<>();
        for (TaskRun task : history.tasks(runId)) {
            if (task.done() && task.outputsJson() != null) {
                done.put(task.task(), TaskOutputsJson.read(task.outputsJson()));
            }
        }
        return done;
    }

    private Set<String> selection(List<String> only, boolean downstream) {
        Set<String> selected = new LinkedHashSet<>();
        for (String name : only) {
            selected.add(graph.task(name).name());
        }
        if (downstream) {
            selected.addAll(graph.downstreamOf(selected));
        }
        return selected;
    }

    private boolean tablesExist(TaskOutputs outputs) {
        return outputs.tables().values().stream()
                .allMatch(t -> !t.isEarlierLayout() && site.icebergCatalog().hasSnapshot(t.name(), t.snapshotId()));
    }
}
