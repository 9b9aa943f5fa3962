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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bankdata.errors.BankdataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the pipeline's tasks in dependency order in one process and one SparkSession. The first task
 * that fails stops the run: later tasks are not run, so nothing is published, and the summary says
 * which task failed and why.
 */
public final class PipelineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Function<String, PipelineTask> tasks;
    private final Progress progress;

    public PipelineRunner(Function<String, PipelineTask> tasks, Progress progress) {
        this.tasks = tasks;
        this.progress = progress;
    }

    public PipelineRunner(Progress progress) {
        this(TaskFactory::create, progress);
    }

    public RunSummary run(RunContext context, Map<String, String> parameters) {
        Instant started = Instant.now();
        List<TaskOutcome> outcomes = new ArrayList<>();
        String failedTask = null;
        RuntimeException failure = null;
        MDC.put("run", context.runId());
        try {
            for (TaskSpec spec : PipelineDefinition.topologicalOrder()) {
                if (failure != null) {
                    outcomes.add(new TaskOutcome(spec.name(), "not_run", 0, -1, null));
                    continue;
                }
                progress.started(spec.name());
                long t0 = System.nanoTime();
                TaskOutcome outcome;
                try {
                    long rows = tasks.apply(spec.name()).run(context);
                    outcome = new TaskOutcome(spec.name(), "succeeded", seconds(t0), rows, null);
                } catch (RuntimeException e) {
                    LOG.debug("task {} failed", spec.name(), e);
                    failure = e;
                    failedTask = spec.name();
                    outcome = new TaskOutcome(spec.name(), "failed", seconds(t0), -1, message(e));
                }
                outcomes.add(outcome);
                progress.finished(outcome);
            }
        } finally {
            MDC.remove("run");
        }
        Instant ended = Instant.now();
        RunSummary summary = new RunSummary(context.runId(), failure == null ? "succeeded" : "failed", started, ended,
                Duration.between(started, ended).toMillis() / 1000.0, parameters, outcomes, context.quarantined(),
                context.facts(), context.warnings(), failedTask, failure == null ? null : message(failure));
        write(context.layout().runSummary(context.runId()), summary);
        if (failure != null) {
            throw new PipelineFailedException(failedTask, summary, failure);
        }
        return summary;
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
