package org.bankdata.pipeline;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.RunStateException;
import org.bankdata.errors.UsageException;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskRun;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeLock;

/**
 * Starts runs the way the CLI asks for them: a whole run, a resume, part of the graph, or one task of a
 * run in its own process ({@code bankdata job}). Holds the lake lock while a process may publish, keeps
 * the run history up to date, and gives all tasks of a process one SparkSession.
 */
public final class PipelineLauncher {
    /** How a run was asked for. {@code resume} is a run id or null; {@code only} may be empty. */
    public record Request(RunConfig config, RunParameters parameters, String resume, List<String> only, boolean downstream,
            boolean force) {
    }

    /** A run that ran, or was skipped because a succeeded run had the same parameters ({@code skippedFor}). */
    public record Result(String runId, RunSummary summary, RunRecord skippedFor) {
        public boolean skipped() {
            return skippedFor != null;
        }
    }

    private final PipelineGraph graph;
    private final Function<String, PipelineTask> tasks;
    private final Function<String, SparkSession> sparkFactory;
    private final Progress progress;

    public PipelineLauncher(PipelineGraph graph, Function<String, PipelineTask> tasks, Function<String, SparkSession> sparkFactory,
            Progress progress) {
        this.graph = graph;
        this.tasks = tasks;
        this.sparkFactory = sparkFactory;
        this.progress = progress;
    }

    /**
     * Runs the pipeline (or the part asked for) in this process. With {@code resume}, the run's stored
     * parameters are used and {@code config}'s inputs are ignored. Throws {@link PipelineFailedException}
     * when a task fails for good.
     */
    public Result run(Request request) {
        LakeLayout layout = new LakeLayout(request.config().lake());
        try (LakeLock lock = LakeLock.acquire(layout); RunHistory history = RunHistory.open(layout)) {
            for (String stale : history.markInterrupted(Instant.now())) {
                progress.message("note: run " + stale + " stopped before it finished (its process was killed?); marked failed."
                        + " Continue it with `bankdata run --resume " + stale + "`");
            }
            RunPlanner planner = new RunPlanner(graph, layout, history);
            RunConfig config = request.config();
            RunParameters parameters = request.parameters();
            RunPlan plan;
            Instant started;
            if (request.resume() != null) {
                RunRecord earlier = history.run(request.resume()).orElseThrow(() -> new UsageException("no run "
                        + request.resume() + " in " + history.file() + "; `bankdata runs` lists the runs"));
                parameters = RunParameters.fromJson(earlier.paramsJson());
                config = parameters.config(config.replayResponses(), config.lake(), config.sparkMaster());
                plan = planner.resume(earlier, request.only(), request.downstream());
                history.restartRun(plan.runId());
                started = Instant.now();
            } else {
                String runId = RunIds.next();
                if (!request.force() && request.only().isEmpty() && parameters.repeatable()) {
                    Optional<RunRecord> same = history.latestSucceeded().filter(r -> r.paramsHash().equals(request.parameters().hash()));
                    if (same.isPresent()) {
                        Instant now = Instant.now();
                        history.createRun(runId, RunHistory.SKIPPED, now, parameters.json(), parameters.hash(), "run");
                        history.finishRun(runId, RunHistory.SKIPPED, now, null);
                        return new Result(runId, null, same.get());
                    }
                }
                plan = planner.fresh(runId, request.only(), request.downstream());
                started = Instant.now();
                history.createRun(runId, RunHistory.RUNNING, started, parameters.json(), parameters.hash(), "run");
            }
            progress.message("bankdata run " + plan.runId() + (plan.resumed() ? " (resumed)" : "") + " → lake " + layout.root()
                    + (parameters.quarters().isAll() ? "" : ", quarters " + parameters.quarters()));
            return new Result(plan.runId(), execute(config, parameters, plan, history, Set.of(), started), null);
        }
    }

    /**
     * Runs one task of run {@code runId} in this process, on the outputs its upstream tasks left in the lake
     * (the job template of a scheduler such as Airflow: one process per task). The first job of a run
     * records it with {@code parameters}; later jobs use the recorded ones.
     */
    public RunSummary job(String task, String runId, RunConfig config, RunParameters parameters) {
        TaskSpec spec = graph.task(task);
        LakeLayout layout = new LakeLayout(config.lake());
        boolean publishes = graph.downstreamOf(List.of(task)).isEmpty();
        try (LakeLock lock = publishes ? LakeLock.acquire(layout) : null; RunHistory history = RunHistory.open(layout)) {
            Optional<RunRecord> existing = history.run(runId);
            if (existing.isEmpty()) {
                history.createRun(runId, RunHistory.RUNNING, Instant.now(), parameters.json(), parameters.hash(), "job");
            } else {
                parameters = RunParameters.fromJson(existing.get().paramsJson());
                config = parameters.config(config.replayResponses(), config.lake(), config.sparkMaster());
                if (!RunHistory.RUNNING.equals(existing.get().state())) {
                    history.restartRun(runId);
                }
            }
            Map<String, TaskOutputs> done = new RunPlanner(graph, layout, history).doneOutputs(runId);
            for (String dep : graph.upstreamOf(List.of(task))) {
                if (!done.containsKey(dep)) {
                    history.finishRun(runId, RunHistory.FAILED, Instant.now(), "job " + task + " started before " + dep);
                    throw new RunStateException("task " + task + " of run " + runId + " needs " + dep + ", which has not succeeded"
                            + " in that run; run `bankdata job " + dep + " --run " + runId + "` first");
                }
            }
            done.remove(spec.name());
            RunPlan plan = new RunPlan(runId, true, Set.of(spec.name()), done);
            RunSummary summary = execute(config, parameters, plan, history, Set.of(spec.name()), Instant.now());
            if (publishes) {
                history.finishRun(runId, RunHistory.SUCCEEDED, Instant.now(), null);
            }
            return summary;
        }
    }

    /**
     * Runs the plan; the summary's start is {@code started}, the instant the run history records for a fresh
     * run (before the SparkSession starts), and its end is the instant recorded when the run finishes, so the
     * run's closing line and {@code bankdata runs} agree.
     */
    private RunSummary execute(RunConfig config, RunParameters parameters, RunPlan plan, RunHistory history,
            Set<String> jobTasks, Instant started) {
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        long t0 = System.nanoTime();
        SparkSession spark = sparkFactory.apply(config.sparkMaster());
        progress.message(String.format(Locale.ROOT, "  %-20s %-15s %6.2f s", "spark_session", "started",
                (System.nanoTime() - t0) / 1e9));
        try {
            RunContext context = new RunContext(config, parameters.quarters(), spark, plan.runId(), progress);
            plan.reused().forEach((task, outputs) -> context.run().add(task, outputs));
            if (jobTasks.isEmpty()) {
                for (TaskSpec spec : graph.topologicalOrder()) {
                    if (plan.reused().containsKey(spec.name())) {
                        markReused(history, plan, spec.name());
                    } else if (!plan.selected().contains(spec.name())) {
                        history.saveTask(new TaskRun(plan.runId(), spec.name(), RunHistory.NOT_RUN, 0,
                                null, null, null, null, null, null));
                    }
                }
            }
            RunSummary summary = new PipelineRunner(graph, tasks, progress, PipelineRunner.DEFAULT_PARALLELISM)
                    .run(context, parameters.asMap(), plan.selected(), history, started);
            if (jobTasks.isEmpty()) {
                history.finishRun(plan.runId(), RunHistory.SUCCEEDED, summary.endedAt(), null);
            }
            return summary;
        } catch (PipelineFailedException e) {
            history.finishRun(plan.runId(), RunHistory.FAILED, e.summary().endedAt(), e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            history.finishRun(plan.runId(), RunHistory.FAILED, Instant.now(), PipelineRunner.message(e));
            throw e;
        } finally {
            if (ownSession && spark != null) {
                spark.stop();
            }
        }
    }

    private static void markReused(RunHistory history, RunPlan plan, String task) {
        boolean sameRun = history.tasks(plan.runId()).stream().anyMatch(t -> t.task().equals(task));
        if (sameRun) {
            history.setTaskState(plan.runId(), task, RunHistory.REUSED);
        } else {
            TaskOutputs outputs = plan.reused().get(task);
            history.saveTask(new TaskRun(plan.runId(), task, RunHistory.REUSED, 0, null, null, null,
                    outputs.rowsWritten(), null, PipelineRunner.json(outputs)));
        }
    }
}
