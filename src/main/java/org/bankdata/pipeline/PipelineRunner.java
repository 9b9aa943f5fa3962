package org.bankdata.pipeline;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.bankdata.errors.BankdataException;
import org.bankdata.errors.ErrorMessages;
import org.bankdata.history.RunHistory;
import org.bankdata.history.TaskRun;
import org.bankdata.catalog.Tables;
import org.bankdata.lake.InputStorage;
import org.bankdata.spark.SparkJobCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskOutputs;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.history.RunState;
import org.bankdata.history.TaskState;

/**
 * Runs tasks of the pipeline graph in dependency order in one process and one SparkSession, independent
 * tasks side by side (bounded). Each task gets its policy: attempts stopped after the timeout, retried with
 * exponential backoff when the error is retriable (an unreachable source, a timed-out attempt), never
 * when it is not (a malformed file). A task that fails for good marks everything downstream
 * {@code upstream_failed} while independent branches go on; publish depends on every task, so a failed
 * run publishes nothing. Every state change is recorded in the run history as it happens.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);

    /** Tasks that may run at once; Spark jobs of small data are driver-bound, so two overlap well on 2 cores. */
    public static final int DEFAULT_PARALLELISM = 2;

    private final PipelineGraph graph;
    private final Function<String, PipelineTask> tasks;
    private final Progress progress;
    private final int parallelism;
    private final Runnable fence;

    public PipelineRunner(PipelineGraph graph, Function<String, PipelineTask> tasks, Progress progress, int parallelism) {
        this(graph, tasks, progress, parallelism, () -> { });
    }

    private PipelineRunner(PipelineGraph graph, Function<String, PipelineTask> tasks, Progress progress, int parallelism,
            Runnable fence) {
        this.graph = graph;
        this.tasks = tasks;
        this.progress = progress;
        this.parallelism = parallelism;
        this.fence = fence;
    }

    /**
     * This runner, checking {@code fence} (the run's lease: {@code LakeLocks.Held#requireCurrent}) before it records a
     * task's success: a task whose process lost its lease while it ran fails instead of recording outputs that the
     * newer holder of the lease may be writing too.
     */
    public PipelineRunner fencedBy(Runnable fence) {
        return new PipelineRunner(graph, tasks, progress, parallelism, fence);
    }

    public PipelineRunner(Progress progress) {
        this(PipelineDefinition.graph(), TaskFactory::create, progress, DEFAULT_PARALLELISM);
    }

    /** Runs the whole graph, recording nothing but the run summary. */
    public RunSummary run(RunContext context, Map<String, String> parameters) {
        return run(context, parameters, Set.copyOf(graph.names()), null);
    }

    /**
     * Runs the {@code selected} tasks. Every task they need and that is not selected must be finished already
     * (its outputs in {@code context.run()}, e.g. reused by a resume). {@code history} may be null.
     */
    public RunSummary run(RunContext context, Map<String, String> parameters, Set<String> selected, RunHistory history) {
        return run(context, parameters, selected, history, Instant.now());
    }

    /** As above, for a run that started at {@code started} (the instant its run history records). */
    public RunSummary run(RunContext context, Map<String, String> parameters, Set<String> selected, RunHistory history,
            Instant started) {
        for (String name : selected) {
            for (String dep : graph.upstreamOf(List.of(name))) {
                if (!selected.contains(dep) && !context.run().tasks().contains(dep)) {
                    throw new IllegalStateException("task " + name + " needs " + dep + ", which is neither selected nor finished");
                }
            }
        }
        Map<String, TaskOutcome> outcomes = new LinkedHashMap<>();
        List<TaskSpec> pending = new ArrayList<>(graph.topologicalOrder().stream().filter(t -> selected.contains(t.name())).toList());
        pending.forEach(t -> save(history, new TaskRun(context.runId(), t.name(), TaskState.PENDING, 0, null, null, null, null,
                null, null)));
        Set<String> broken = new LinkedHashSet<>();
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        String sessionPartitions = shufflePartitionsFromInputs(context);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "pipeline-task");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Finished> done = new ExecutorCompletionService<>(pool);
        SparkJobCounter jobs = context.spark() == null ? null : SparkJobCounter.register(context.spark().sparkContext());
        int running = 0;
        progress.runStarted(context.runId());
        try {
            while (true) {
                for (TaskSpec spec : List.copyOf(pending)) {
                    if (spec.dependsOn().stream().anyMatch(broken::contains)) {
                        pending.remove(spec);
                        broken.add(spec.name());
                        TaskOutcome outcome = new TaskOutcome(spec.name(), TaskState.UPSTREAM_FAILED, 0, 0, -1, -1,
                                "not started: " + String.join(", ", spec.dependsOn().stream().filter(broken::contains).toList())
                                        + " did not succeed");
                        outcomes.put(spec.name(), outcome);
                        save(history, new TaskRun(context.runId(), spec.name(), outcome.state(), 0, null, null, null, null,
                                outcome.error(), null));
                        progress.finished(outcome);
                    } else if (running < parallelism && context.run().tasks().containsAll(spec.dependsOn())) {
                        pending.remove(spec);
                        running++;
                        done.submit(() -> runTask(spec, context, history));
                    }
                }
                if (running == 0) {
                    break;
                }
                Finished finished = take(done);
                running--;
                outcomes.put(finished.outcome().task(), finished.outcome());
                if (finished.error() != null) {
                    broken.add(finished.outcome().task());
                    failures.put(finished.outcome().task(), finished.error());
                }
            }
        } finally {
            pool.shutdownNow();
            progress.runEnded();
            if (jobs != null) {
                jobs.close();
            }
            if (context.spark() != null) {
                context.spark().conf().set(ShufflePartitions.SETTING, sessionPartitions);
            }
        }
        List<TaskOutcome> ordered = new ArrayList<>();
        for (TaskSpec spec : graph.topologicalOrder()) {
            TaskOutcome outcome = outcomes.get(spec.name());
            if (outcome == null) {
                outcome = context.run().tasks().contains(spec.name())
                        ? new TaskOutcome(spec.name(), TaskState.REUSED, 0, 0, -1, context.run().of(spec.name()).rowsWritten(), null)
                        : new TaskOutcome(spec.name(), TaskState.NOT_RUN, 0, 0, -1, -1, null);
            }
            ordered.add(outcome);
        }
        Instant ended = Instant.now();
        Map.Entry<String, RuntimeException> failure = failures.isEmpty() ? null : failures.entrySet().iterator().next();
        RunSummary summary = new RunSummary(context.runId(), failure == null ? RunState.SUCCEEDED : RunState.FAILED, started, ended,
                Duration.between(started, ended).toMillis() / 1000.0, parameters, ordered, context.run().quarantined(),
                facts(context, jobs, ordered), context.run().warnings(), failure == null ? null : failure.getKey(),
                failure == null ? null : message(failure.getValue()));
        RunSummaryFile.write(context.storage(), context.runId(), summary);
        progress.summary(summary);
        if (failure != null) {
            throw new PipelineFailedException(failure.getKey(), summary, failure.getValue());
        }
        return summary;
    }

    private record Finished(TaskOutcome outcome, RuntimeException error) {
    }

    private Finished runTask(TaskSpec spec, RunContext context, RunHistory history) {
        MDC.put("run", context.runId());
        MDC.put("task", spec.name());
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        TaskPolicy policy = spec.policy();
        String jobGroup = jobGroup(context, spec.name());
        AtomicReference<RunContext> finished = new AtomicReference<>();
        int[] attempts = {0};
        RetryPolicy<TaskResult> retry = RetryPolicy.<TaskResult>builder()
                .handleIf(PipelineRunner::retriable)
                .withMaxAttempts(policy.maxAttempts())
                .withDelayFn(e -> policy.backoffAfter(e.getAttemptCount()))
                .onRetry(e -> {
                    Duration delay = policy.backoffAfter(e.getAttemptCount());
                    String why = describe(e.getLastException(), policy);
                    LOG.debug("task {} attempt {} failed, retrying in {} ms: {}", spec.name(), e.getAttemptCount(),
                            delay.toMillis(), why);
                    progress.retrying(spec.name(), e.getAttemptCount(), delay, why);
                    save(history, new TaskRun(context.runId(), spec.name(), TaskState.RUNNING, e.getAttemptCount(), startedAt,
                            null, null, null, why, null));
                })
                .build();
        Timeout<TaskResult> timeout = Timeout.<TaskResult>builder(policy.timeout()).withInterrupt()
                .onFailure(e -> cancelSparkJobs(context, jobGroup)).build();
        TaskOutcome outcome;
        RuntimeException error = null;
        try {
            TaskResult result = Failsafe.with(retry).compose(timeout).get(execution -> {
                attempts[0] = execution.getAttemptCount() + 1;
                Thread.interrupted(); // a timed-out attempt may leave the interrupt flag set
                progress.started(spec.name(), attempts[0]);
                save(history, new TaskRun(context.runId(), spec.name(), TaskState.RUNNING, attempts[0], startedAt, null, null,
                        null, null, null));
                RunContext attempt = context.forTask(spec.name(), attempts[0]);
                if (context.spark() != null) {
                    context.spark().sparkContext().setJobGroup(jobGroup, spec.name() + " attempt " + attempts[0], true);
                }
                TaskResult produced;
                try {
                    produced = tasks.apply(spec.name()).run(attempt);
                } finally {
                    attempt.landing().flushManifest();
                }
                finished.set(attempt);
                return produced;
            });
            fence.run();
            // only the attempt that finished is referenced: its recorded snapshots, and its parts moved to the run's
            // branch; an attempt that timed out wrote on a branch of its own, where a straggling write may still land
            RunContext attempt = finished.get();
            attempt.tables().promoteParts();
            TaskOutputs out = attempt.ownOutputs(result.figures());
            long rowsIn = rowsIn(spec, context, out);
            context.run().add(spec.name(), out);
            long rows = result.rowsWritten();
            outcome = new TaskOutcome(spec.name(), TaskState.SUCCEEDED, attempts[0], seconds(t0), rowsIn, rows, null);
            save(history, new TaskRun(context.runId(), spec.name(), outcome.state(), attempts[0], startedAt, Instant.now(),
                    rowsIn, rows, null, TaskOutputsJson.write(out)));
        } catch (RuntimeException e) {
            error = unwrap(e);
            LOG.debug("task {} failed", spec.name(), error);
            boolean timedOut = error instanceof TimeoutExceededException;
            if (timedOut) {
                error = new TaskTimeoutException(spec.name(), policy.timeout(), attempts[0]);
            }
            outcome = new TaskOutcome(spec.name(), timedOut ? TaskState.TIMED_OUT : TaskState.FAILED, attempts[0],
                    seconds(t0), -1, -1, message(error));
            save(history, new TaskRun(context.runId(), spec.name(), outcome.state(), attempts[0], startedAt, Instant.now(),
                    null, null, outcome.error(), null));
        } finally {
            MDC.remove("run");
            MDC.remove("task");
        }
        progress.finished(outcome);
        return new Finished(outcome, error);
    }

    /** The tasks' facts, and the Spark jobs each task that ran started ({@code spark_jobs}). */
    private static Map<String, Object> facts(RunContext context, SparkJobCounter jobs, List<TaskOutcome> outcomes) {
        Map<String, Object> facts = new LinkedHashMap<>(context.run().facts());
        if (jobs != null) {
            Map<String, Integer> byGroup = jobs.jobsByGroup();
            Map<String, Integer> byTask = new LinkedHashMap<>();
            for (TaskOutcome outcome : outcomes) {
                if (outcome.attempts() > 0) {
                    byTask.put(outcome.task(), byGroup.getOrDefault(jobGroup(context, outcome.task()), 0));
                }
            }
            facts.put("spark_jobs", byTask);
        }
        return facts;
    }

    private static String jobGroup(RunContext context, String task) {
        return context.runId() + "/" + task;
    }

    /** The rows the tables {@code spec} reads hold (its writers' rows out); for a task that reads none, what it landed. */
    private long rowsIn(TaskSpec spec, RunContext context, TaskOutputs own) {
        if (spec.reads().isEmpty() && spec.after().isEmpty()) {
            return own.rowsLanded();
        }
        Set<String> writers = new LinkedHashSet<>(spec.after());
        spec.reads().forEach(table -> writers.addAll(Tables.named(table).writtenBy()));
        writers.remove(spec.name());
        return writers.stream().mapToLong(dep -> context.run().of(dep).rowsWritten()).sum();
    }

    static boolean retriable(Throwable e) {
        return e instanceof TimeoutExceededException || e instanceof BankdataException b && b.retriable();
    }

    private static String describe(Throwable e, TaskPolicy policy) {
        return e instanceof TimeoutExceededException ? "timed out after " + policy.timeout().toMillis() + " ms" : message(e);
    }

    private static void cancelSparkJobs(RunContext context, String jobGroup) {
        if (context.spark() != null) {
            context.spark().sparkContext().cancelJobGroup(jobGroup);
        }
    }

    private static RuntimeException unwrap(RuntimeException e) {
        if (e instanceof FailsafeException && e.getCause() instanceof RuntimeException cause) {
            return cause;
        }
        return e;
    }

    private static void save(RunHistory history, TaskRun run) {
        if (history != null) {
            history.saveTask(run);
        }
    }

    private static Finished take(CompletionService<Finished> done) {
        try {
            return done.take().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the pipeline", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("task runner failed", e.getCause());
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A task's error as users read it (in progress, run history and the final error line): no Java class names. */
    static String message(Throwable e) {
        return ErrorMessages.describe(e);
    }

    /**
     * Sets the run's shuffle partitions from the size of its inputs ({@link ShufflePartitions}), whoever runs it (a run
     * shares the session of the process it runs in); returns the session's setting, which the run gives back when it
     * ends.
     */
    private static String shufflePartitionsFromInputs(RunContext context) {
        if (context.spark() == null) {
            return null;
        }
        String session = context.spark().conf().get(ShufflePartitions.SETTING);
        try (InputStorage inputs = context.inputs()) {
            context.spark().conf().set(ShufflePartitions.SETTING, ShufflePartitions.of(context.config(), inputs));
        }
        return session;
    }
}
