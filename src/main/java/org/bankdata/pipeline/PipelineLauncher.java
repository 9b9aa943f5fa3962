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
import org.bankdata.history.HistoryLocation;
import org.bankdata.history.HistoryStore;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LakeLocks;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskRun;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeSite;
import org.bankdata.errors.PublishConflictException;
import org.bankdata.lake.RunLease;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskOutputs;
import org.bankdata.history.RunState;
import org.bankdata.history.TaskState;

/**
 * Starts runs the way the CLI asks for them: a whole run, a resume, part of the graph, or one task of a
 * run in its own process ({@code bankdata job}). Holds the run's (or the job's) lease while it works, records
 * the snapshot the run builds on, keeps the run history up to date, and gives all tasks of a process one
 * SparkSession.
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
    private final Function<LakeLocation, LakeSite> sites;
    private final HistoryLocation history;

    /** A launcher for runs on local lake folders. */
    public PipelineLauncher(PipelineGraph graph, Function<String, PipelineTask> tasks, Function<String, SparkSession> sparkFactory,
            Progress progress) {
        this(graph, tasks, sparkFactory, progress, lake -> LakeSite.local(lake.localPath()));
    }

    /**
     * A launcher whose runs open their lake with {@code sites} (its storage, run history file and locks: see
     * {@link LakeSite#open}); the launcher closes the site when the run ends.
     */
    public PipelineLauncher(PipelineGraph graph, Function<String, PipelineTask> tasks, Function<String, SparkSession> sparkFactory,
            Progress progress, Function<LakeLocation, LakeSite> sites) {
        this(graph, tasks, sparkFactory, progress, sites, null);
    }

    private PipelineLauncher(PipelineGraph graph, Function<String, PipelineTask> tasks, Function<String, SparkSession> sparkFactory,
            Progress progress, Function<LakeLocation, LakeSite> sites, HistoryLocation history) {
        this.graph = graph;
        this.tasks = tasks;
        this.sparkFactory = sparkFactory;
        this.progress = progress;
        this.sites = sites;
        this.history = history;
    }

    /**
     * The same launcher keeping the run history at {@code history} (null: the site's own SQLite file); with a Postgres
     * history the leases and the publish lock are advisory locks in that database, so every host sees them.
     */
    public PipelineLauncher withHistory(HistoryLocation history) {
        return new PipelineLauncher(graph, tasks, sparkFactory, progress, sites, history);
    }

    /** The lake of {@code lake} with the locks that go with the run history. */
    private LakeSite open(LakeLocation lake) {
        LakeSite site = sites.apply(lake);
        try {
            LakeSite withLocks = HistoryStore.withLocksOf(site, history);
            LakeCatalog.reopen(withLocks);
            return withLocks;
        } catch (RuntimeException e) {
            site.close();
            throw e;
        }
    }

    /** Adds {@code warning} to finished run {@code runId} of lake {@code lake} (see {@link RunHistory#addWarning}). */
    public void addWarning(LakeLocation lake, String runId, String warning) {
        try (LakeSite site = open(lake); RunHistory history = openHistory(site)) {
            history.addWarning(runId, warning);
        }
    }

    private RunHistory openHistory(LakeSite site) {
        return RunHistory.open(HistoryStore.location(site, history), HistoryStore.lakeOf(site));
    }

    /** The preflight's check that the inputs of a recorded run are there, local or on S3 (with the site's S3 settings). */
    private static RunConfig requireInputs(LakeSite site, RunConfig config) {
        try (InputStorage inputs = InputStorage.open(site.s3())) {
            return Preflight.requireInputs(config, inputs);
        }
    }

    /** How many times a backfill rebuilds on a newer snapshot before it gives up. */
    static final int MAX_REBASES = 3;

    /**
     * Runs the pipeline (or the part asked for) in this process. With {@code resume}, the run's stored
     * parameters are used and {@code config}'s inputs are ignored. Throws {@link PipelineFailedException}
     * when a task fails for good.
     *
     * <p>No lock is held while the run builds: runs of one lake may overlap, each writing only under its own
     * run id, and the publish decides (a compare-and-swap on the snapshot the run built on). The process holds
     * the run's lease meanwhile, so anyone can tell it is alive.
     */
    public Result run(Request request) {
        try (LakeSite site = open(request.config().lake())) {
            return run(request, site);
        }
    }

    private Result run(Request request, LakeSite site) {
        SnapshotStore snapshots = site.snapshots();
        site.requireWritable();
        try (RunHistory history = openHistory(site)) {
            reapInterrupted(history, site);
            RunPlanner planner = new RunPlanner(graph, site, history);
            RunConfig config = request.config();
            RunParameters parameters = request.parameters();
            RunPlan plan;
            Optional<Snapshot> base;
            LakeLocks.Held lease;
            Instant started;
            if (request.resume() != null) {
                RunRecord earlier = history.run(request.resume()).orElseThrow(() -> new UsageException("no run "
                        + request.resume() + " in " + history.describe() + "; `bankdata runs` lists the runs"));
                if (earlier.state() == RunState.RUNNING) {
                    throw new UsageException("run " + earlier.runId() + " is still running in another process; wait for it"
                            + " to finish, or stop that process first and then resume it");
                }
                parameters = RunParameters.fromJson(earlier.paramsJson());
                config = requireInputs(site, parameters.config(config.replayResponses(), config.lake(), config.sparkMaster()));
                plan = planner.resume(earlier, request.only(), request.downstream());
                lease = site.locks().hold(RunLease.ofRun(plan.runId()));
                base = recordedBase(earlier, snapshots);
                history.restartRun(plan.runId());
                started = Instant.now();
            } else {
                String runId = RunIds.next();
                if (!request.force() && request.only().isEmpty() && parameters.repeatable()) {
                    // the lake, not this host's history, says what is published: a run is skipped only while the
                    // lake still holds the snapshot the same run published (a bucket emptied or recreated holds none)
                    Optional<String> published = snapshots.current().map(Snapshot::runId);
                    Optional<RunRecord> same = history.latestSucceeded().filter(r -> r.paramsHash().equals(request.parameters().hash()))
                            .filter(r -> published.filter(r.runId()::equals).isPresent());
                    if (same.isPresent()) {
                        Instant now = Instant.now();
                        history.createRun(runId, RunState.SKIPPED, now, parameters.json(), parameters.hash(), "run");
                        return new Result(runId, null, same.get());
                    }
                }
                lease = site.locks().hold(RunLease.ofRun(runId));
                base = snapshots.current();
                plan = planner.fresh(runId, request.only(), request.downstream());
                started = Instant.now();
                history.createRun(runId, RunState.RUNNING, started, parameters.json(), parameters.hash(), "run");
                history.setBase(runId, baseId(base));
            }
            try (lease) {
                progress.message("bankdata run " + plan.runId() + (plan.resumed() ? " (resumed)" : "") + " → lake " + site.location()
                        + (parameters.quarters().isAll() ? "" : ", quarters " + parameters.quarters()));
                return new Result(plan.runId(), executeAndPublish(site, config, parameters, plan, history, Set.of(), base, started, lease),
                        null);
            }
        }
    }

    /**
     * Runs one task of run {@code runId} in this process, on the outputs its upstream tasks left in the lake
     * (the job template of a scheduler such as Airflow: one process per task). The first job of a run
     * records it with {@code parameters} and the snapshot it builds on; later jobs use the recorded ones.
     */
    public RunSummary job(String task, String runId, RunConfig config, RunParameters parameters) {
        try (LakeSite site = open(config.lake())) {
            return job(site, task, runId, config, parameters);
        }
    }

    private RunSummary job(LakeSite site, String task, String runId, RunConfig config, RunParameters parameters) {
        TaskSpec spec = graph.task(task);
        SnapshotStore snapshots = site.snapshots();
        boolean publishes = graph.downstreamOf(List.of(task)).isEmpty();
        site.requireWritable();
        try (RunHistory history = openHistory(site)) {
            reapInterrupted(history, site);
            try (LakeLocks.Held lease = site.locks().hold(RunLease.ofTask(runId, task))) {
                Optional<RunRecord> existing = history.run(runId);
                Optional<Snapshot> base = snapshots.current();
                if (existing.isEmpty() && history.createRunIfAbsent(runId, RunState.RUNNING, Instant.now(), parameters.json(),
                        parameters.hash(), "job")) {
                    history.setBase(runId, baseId(base));
                } else {
                    // recorded by an earlier job, or by a first job of the same run on another host a moment ago
                    existing = history.run(runId);
                    parameters = RunParameters.fromJson(existing.get().paramsJson());
                    config = requireInputs(site, parameters.config(config.replayResponses(), config.lake(), config.sparkMaster()));
                    base = recordedBase(existing.get(), snapshots);
                    history.restartRunUnlessRunning(runId);
                }
                Map<String, TaskOutputs> done = new RunPlanner(graph, site, history).doneOutputs(runId);
                for (String dep : graph.upstreamOf(List.of(task))) {
                    if (!done.containsKey(dep)) {
                        history.finishRun(runId, RunState.FAILED, Instant.now(), "job " + task + " started before " + dep);
                        throw new RunStateException("task " + task + " of run " + runId + " needs " + dep + ", which has not"
                                + " succeeded in that run; run `bankdata job " + dep + " --run " + runId + "` first");
                    }
                }
                done.remove(spec.name());
                RunPlan plan = new RunPlan(runId, true, Set.of(spec.name()), done);
                RunSummary summary = executeAndPublish(site, config, parameters, plan, history, Set.of(spec.name()), base,
                        Instant.now(), lease);
                if (publishes) {
                    history.finishRun(runId, RunState.SUCCEEDED, Instant.now(), null, summary.warnings());
                }
                return summary;
            }
        }
    }

    /**
     * Runs the plan. When its publish loses the compare-and-swap because another run published meanwhile, a
     * backfill rebuilds its quarters on the newer snapshot (the tasks that read the published snapshot and all
     * after them) and publishes again, so both runs' quarters end up published; any other run stops there,
     * publishing nothing, with one line naming the newer run and what to do.
     */
    private RunSummary executeAndPublish(LakeSite site, RunConfig config, RunParameters parameters, RunPlan plan,
            RunHistory history, Set<String> jobTasks, Optional<Snapshot> base, Instant started, LakeLocks.Held lease) {
        for (int rebases = 0; ; rebases++) {
            try {
                return execute(site, config, parameters, plan, history, jobTasks, base, started, lease);
            } catch (PipelineFailedException e) {
                if (!(e.getCause() instanceof PublishConflictException conflict)) {
                    throw e;
                }
                if (parameters.quarters().isAll() || rebases >= MAX_REBASES) {
                    String advice = parameters.quarters().isAll()
                            ? "start a new run (`bankdata run --lake " + site.location() + "`) to build on what is published now"
                            : "other runs kept publishing while it rebuilt " + MAX_REBASES + " times; resume it later with"
                                    + " `bankdata run --resume " + plan.runId() + "`";
                    String message = conflict.getMessage() + "; " + advice;
                    history.amendFailure(plan.runId(), Instant.now(), message);
                    throw new PipelineFailedException(PipelineDefinition.PUBLISH, e.summary(),
                            new PublishConflictException(message, conflict.expectedBaseRunId(), conflict.publishedRunId()));
                }
                base = site.snapshots().current();
                history.setBase(plan.runId(), baseId(base));
                history.restartRun(plan.runId());
                progress.message("note: run " + conflict.publishedRunId() + " published while backfill " + plan.runId()
                        + " ran; rebuilding quarters " + parameters.quarters() + " on top of it");
                plan = rebasePlan(plan.runId(), history, site, jobTasks.isEmpty() ? null : jobTasks);
                if (!jobTasks.isEmpty()) {
                    jobTasks = plan.selected();
                }
            }
        }
    }

    /** The plan that rebuilds, in run {@code runId}, every task that read the published snapshot and all after them. */
    private RunPlan rebasePlan(String runId, RunHistory history, LakeSite site, Set<String> jobTasks) {
        Set<String> rebuild = new java.util.LinkedHashSet<>(PipelineDefinition.readPublished());
        rebuild.addAll(graph.downstreamOf(List.copyOf(rebuild)));
        rebuild.retainAll(graph.names());
        Map<String, TaskOutputs> done = new RunPlanner(graph, site, history).doneOutputs(runId);
        done.keySet().removeAll(rebuild);
        return new RunPlan(runId, true, rebuild, done);
    }

    private static Optional<Snapshot> recordedBase(RunRecord run, SnapshotStore snapshots) {
        if (run.baseRunId() == null) {
            // recorded before runs kept their base: build on what is published now, as such runs always did
            return snapshots.current();
        }
        if (run.baseRunId().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(snapshots.published(run.baseRunId()).orElseThrow(() -> new RunStateException("run " + run.runId()
                + " was built on run " + run.baseRunId() + "'s snapshot, which the lake no longer holds"
                + " (tables/_snapshots/" + run.baseRunId() + ".json); start a new run instead")));
    }

    /** The base as recorded in the history: the run id, or "" for "nothing was published". */
    private static String baseId(Optional<Snapshot> base) {
        return base.map(Snapshot::runId).orElse("");
    }

    /** Marks failed the runs (and job tasks) the history says are running but whose process no longer holds the lease. */
    private void reapInterrupted(RunHistory history, LakeSite site) {
        for (String stale : history.markInterrupted(Instant.now(), site.locks()::isHeld)) {
            progress.message("note: run " + stale + " stopped before it finished (its process was killed?); marked failed."
                    + " Continue it with `bankdata run --resume " + stale + "`");
        }
    }

    /**
     * Runs the plan; the summary's start is {@code started}, the instant the run history records for a fresh
     * run (before the SparkSession starts), and its end is the instant recorded when the run finishes, so the
     * run's closing line and {@code bankdata runs} agree.
     */
    private RunSummary execute(LakeSite site, RunConfig config, RunParameters parameters, RunPlan plan, RunHistory history,
            Set<String> jobTasks, Optional<Snapshot> base, Instant started, LakeLocks.Held lease) {
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        long t0 = System.nanoTime();
        // the check and the publish alone (their jobs, a resumed publish) need no Spark: none is started for them
        boolean needsSpark = PipelineDefinition.needsSpark(plan.selected());
        SparkSession spark = needsSpark ? sparkFactory.apply(config.sparkMaster()) : null;
        if (needsSpark) {
            progress.message(String.format(Locale.ROOT, "  %-21s %-15s %6.2f s", "spark_session", "started",
                    (System.nanoTime() - t0) / 1e9));
        }
        try {
            RunContext context = new RunContext(site, config, parameters.quarters(), spark, plan.runId(), progress, base)
                    .withHistory(HistoryStore.location(site, this.history));
            plan.reused().forEach((task, outputs) -> context.run().add(task, outputs));
            if (jobTasks.isEmpty()) {
                for (TaskSpec spec : graph.topologicalOrder()) {
                    if (plan.reused().containsKey(spec.name())) {
                        markReused(history, plan, spec.name());
                    } else if (!plan.selected().contains(spec.name())) {
                        history.saveTask(new TaskRun(plan.runId(), spec.name(), TaskState.NOT_RUN, 0,
                                null, null, null, null, null, null));
                    }
                }
            }
            RunSummary summary;
            try {
                summary = new PipelineRunner(graph, tasks, progress, PipelineRunner.DEFAULT_PARALLELISM)
                        .fencedBy(lease::requireCurrent)
                        .run(context, parameters.asMap(), plan.selected(), history, started);
            } finally {
                compactManifest(context);
            }
            if (jobTasks.isEmpty()) {
                history.finishRun(plan.runId(), RunState.SUCCEEDED, summary.endedAt(), null, summary.warnings());
            }
            return summary;
        } catch (PipelineFailedException e) {
            recordFailure(history, plan.runId(), e.summary().endedAt(), e.getMessage(), e);
            throw e;
        } catch (RuntimeException e) {
            recordFailure(history, plan.runId(), Instant.now(), PipelineRunner.message(e), e);
            throw e;
        } finally {
            if (ownSession && spark != null) {
                spark.stop();
            }
        }
    }

    /** Merges the run's manifest once its tasks in this process are done; a manifest left in pieces still reads whole. */
    private void compactManifest(RunContext context) {
        try {
            context.landing().compactManifest();
        } catch (RuntimeException e) {
            progress.message("note: the manifest of run " + context.runId() + " stays in pieces (" + PipelineRunner.message(e)
                    + "); it reads whole as it is");
        }
    }

    /**
     * Records a run's failure. When another process ended the run first (it found the run's process gone and marked
     * it interrupted), that state stands and the refusal travels with the failure being reported.
     */
    private static void recordFailure(RunHistory history, String runId, Instant endedAt, String message, RuntimeException failure) {
        try {
            history.finishRun(runId, RunState.FAILED, endedAt, message);
        } catch (RunStateException lost) {
            failure.addSuppressed(lost);
        }
    }

    private static void markReused(RunHistory history, RunPlan plan, String task) {
        boolean sameRun = history.tasks(plan.runId()).stream().anyMatch(t -> t.task().equals(task));
        if (sameRun) {
            history.setTaskState(plan.runId(), task, TaskState.REUSED);
        } else {
            TaskOutputs outputs = plan.reused().get(task);
            history.saveTask(new TaskRun(plan.runId(), task, TaskState.REUSED, 0, null, null, null,
                    outputs.rowsWritten(), null, TaskOutputsJson.write(outputs)));
        }
    }
}
