package org.bankdata.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bankdata.errors.BankdataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the pipeline's tasks in dependency order in one process and one SparkSession, independent tasks
 * side by side (bounded). When a task fails no further task starts, tasks already running finish, nothing
 * is published, and the summary says which task failed and why.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    /** Tasks that may run at once; Spark jobs of small data are driver-bound, so two overlap well on 2 cores. */
    public static final int DEFAULT_PARALLELISM = 2;

    private final Function<String, PipelineTask> tasks;
    private final Progress progress;
    private final int parallelism;

    public PipelineRunner(Function<String, PipelineTask> tasks, Progress progress, int parallelism) {
        this.tasks = tasks;
        this.progress = progress;
        this.parallelism = parallelism;
    }

    public PipelineRunner(Progress progress) {
        this(TaskFactory::create, progress, DEFAULT_PARALLELISM);
    }

    public RunSummary run(RunContext context, Map<String, String> parameters) {
        Instant started = Instant.now();
        Map<String, TaskOutcome> outcomes = new LinkedHashMap<>();
        List<TaskSpec> pending = new ArrayList<>(PipelineDefinition.topologicalOrder());
        Set<String> succeeded = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "pipeline-task");
            t.setDaemon(true);
            return t;
        });
        CompletionService<TaskOutcome> done = new ExecutorCompletionService<>(pool);
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        int running = 0;
        try {
            while (true) {
                if (failures.isEmpty()) {
                    for (TaskSpec spec : List.copyOf(pending)) {
                        if (running < parallelism && succeeded.containsAll(spec.dependsOn())) {
                            pending.remove(spec);
                            running++;
                            done.submit(() -> runTask(spec, context, failures));
                        }
                    }
                }
                if (running == 0) {
                    break;
                }
                TaskOutcome outcome = take(done);
                running--;
                outcomes.put(outcome.task(), outcome);
                if ("succeeded".equals(outcome.state())) {
                    succeeded.add(outcome.task());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        pending.forEach(spec -> outcomes.put(spec.name(), new TaskOutcome(spec.name(), "not_run", 0, -1, null)));
        List<TaskOutcome> ordered = PipelineDefinition.topologicalOrder().stream().map(t -> outcomes.get(t.name())).toList();
        Instant ended = Instant.now();
        Map.Entry<String, RuntimeException> failure = failures.isEmpty() ? null : failures.entrySet().iterator().next();
        RunSummary summary = new RunSummary(context.runId(), failure == null ? "succeeded" : "failed", started, ended,
                Duration.between(started, ended).toMillis() / 1000.0, parameters, ordered, context.quarantined(),
                context.facts(), context.warnings(), failure == null ? null : failure.getKey(),
                failure == null ? null : message(failure.getValue()));
        write(context.layout().runSummary(context.runId()), summary);
        if (failure != null) {
            throw new PipelineFailedException(failure.getKey(), summary, failure.getValue());
        }
        return summary;
    }

    private TaskOutcome runTask(TaskSpec spec, RunContext context, Map<String, RuntimeException> failures) {
        MDC.put("run", context.runId());
        progress.started(spec.name());
        long t0 = System.nanoTime();
        TaskOutcome outcome;
        try {
            long rows = tasks.apply(spec.name()).run(context);
            outcome = new TaskOutcome(spec.name(), "succeeded", seconds(t0), rows, null);
        } catch (RuntimeException e) {
            LOG.debug("task {} failed", spec.name(), e);
            synchronized (failures) {
                failures.put(spec.name(), e);
            }
            outcome = new TaskOutcome(spec.name(), "failed", seconds(t0), -1, message(e));
        } finally {
            MDC.remove("run");
        }
        progress.finished(outcome);
        return outcome;
    }

    private static TaskOutcome take(CompletionService<TaskOutcome> done) {
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

    static String message(Throwable e) {
        if (e instanceof BankdataException) {
            return e.getMessage();
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage()
                + (root != e ? " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")" : "");
    }

    private static void write(Path file, RunSummary summary) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), summary);
        } catch (IOException e) {
            LOG.warn("could not write run summary {}: {}", file, e.getMessage());
        }
    }
}
