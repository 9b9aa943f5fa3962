package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.BundledData;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunRecord;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A run as the launcher starts it, with scripted tasks and no Spark: what the run history and the summary agree on. */
@Timeout(30)
class PipelineLauncherTest {
    @TempDir
    Path lake;

    @Test
    void theSummaryHasTheStartAndEndInstantsTheRunHistoryRecordsAndProgressPrintsNoClosingLine() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err, true), false);
        // a slow session start: the summary must still count from the instant the history records
        PipelineLauncher launcher = new PipelineLauncher(PipelineDefinition.graph(), name -> context -> TaskResult.rows(1), master -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, progress);
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                BundledData.feeResponses(), lake, "local[1]");

        PipelineLauncher.Result result = launcher.run(new PipelineLauncher.Request(config,
                RunParameters.of(config, QuarterRange.ALL), null, List.of(), false, true));

        RunSummary summary = result.summary();
        RunRecord recorded;
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            recorded = history.run(result.runId()).orElseThrow();
        }
        assertThat(summary.startedAt()).isEqualTo(recorded.startedAt());
        assertThat(summary.endedAt()).isEqualTo(recorded.endedAt());
        assertThat(summary.seconds()).isEqualTo(java.time.Duration.between(recorded.startedAt(), recorded.endedAt()).toMillis() / 1000.0)
                .isGreaterThanOrEqualTo(0.3);
        assertThat(err.toString()).contains("publish").doesNotContain("succeeded in");
    }

    /**
     * A scheduler's jobs, one per task: every job whose task uses Spark asks for a session, the check's and the
     * publish's do not (they read with DuckDB and move catalog references), so they start no Spark and, on a cluster,
     * ask for no executors.
     */
    @Test
    void theCheckAndPublishJobsAskForNoSparkSessionAndEveryOtherJobDoes() {
        List<String> askedBy = new java.util.ArrayList<>();
        String[] current = new String[1];
        StringWriter err = new StringWriter();
        PipelineLauncher launcher = new PipelineLauncher(PipelineDefinition.graph(), name -> context -> TaskResult.rows(1), master -> {
            askedBy.add(current[0]);
            return null;
        }, new Progress(new PrintWriter(err, true), false));
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                BundledData.feeResponses(), lake, "local[1]");
        RunParameters parameters = RunParameters.of(config, QuarterRange.ALL);
        List<String> tasks = PipelineDefinition.topologicalOrder().stream().map(TaskSpec::name).toList();

        for (String task : tasks) {
            current[0] = task;
            launcher.job(task, "scheduled-1", config, parameters);
        }

        assertThat(askedBy).containsExactlyElementsOf(tasks.stream()
                .filter(t -> !t.equals(PipelineDefinition.CHECK) && !t.equals(PipelineDefinition.PUBLISH)).toList());
        assertThat(err.toString().lines().filter(l -> l.contains("spark_session"))).hasSize(tasks.size() - 2);
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.run("scheduled-1").orElseThrow().state()).isEqualTo(org.bankdata.history.RunState.SUCCEEDED);
        }
    }

    @Test
    void aResumedRunWhoseInputsAreGoneIsAUsageErrorOfThePreflight() {
        Path gone = lake.resolveSibling("complaints-gone");
        RunConfig recorded = new RunConfig(gone, BundledData.bankList(), FeesApiConfig.defaults(), BundledData.feeResponses(),
                lake, "local[1]");
        RunParameters parameters = new RunParameters(RunParameters.FORMAT, recorded, null, null, "x");
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r-gone", org.bankdata.history.RunState.RUNNING, java.time.Instant.now(), parameters.json(),
                    parameters.hash(), "run");
            history.finishRun("r-gone", org.bankdata.history.RunState.FAILED, java.time.Instant.now(), "boom");
        }
        PipelineLauncher launcher = new PipelineLauncher(PipelineDefinition.graph(), name -> context -> TaskResult.rows(1), master -> null,
                new Progress(new PrintWriter(new StringWriter(), true), true));
        RunConfig cli = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                BundledData.feeResponses(), lake, "local[1]");

        assertThatThrownBy(() -> launcher.run(new PipelineLauncher.Request(cli, null, "r-gone", List.of(), false, false)))
                .isInstanceOf(org.bankdata.errors.UsageException.class)
                .hasMessageStartingWith("--complaints " + recorded.complaintsDir() + " is not a folder");
    }

    @Test
    void aFailedRunRecordedByThePreviousReleaseResumesWithItsParameters() {
        String oldJson = RunParametersTest.OLD_JSON
                .replace("/data/bcb/complaints", BundledData.complaints().toAbsolutePath().toString())
                .replace("/data/bcb/banks/EnquadramentoInicia_v2.tsv", BundledData.bankList().toAbsolutePath().toString());
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            history.createRun("r-old", org.bankdata.history.RunState.RUNNING, java.time.Instant.now(), oldJson,
                    RunParameters.fromJson(oldJson).hash(), "run");
            history.finishRun("r-old", org.bankdata.history.RunState.FAILED, java.time.Instant.now(), "boom");
        }
        java.util.List<RunConfig> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        PipelineLauncher launcher = new PipelineLauncher(PipelineDefinition.graph(), name -> context -> {
            seen.add(context.config());
            return TaskResult.rows(1);
        }, master -> null, new Progress(new PrintWriter(new StringWriter(), true), true));
        RunConfig cli = new RunConfig(BundledData.complaints(), BundledData.bankList(),
                FeesApiConfig.defaults().withPageSize(7), BundledData.feeResponses(), lake, "local[1]");

        PipelineLauncher.Result result = launcher.run(new PipelineLauncher.Request(cli, null, "r-old", List.of(), false, false));

        assertThat(result.summary().succeeded()).isTrue();
        assertThat(seen).isNotEmpty().allSatisfy(c -> {
            assertThat(c.feesApi().pageSize()).isEqualTo(100);
            assertThat(c.maxQuarantined()).isEqualTo(org.bankdata.config.QuarantineLimit.DEFAULT);
        });
        assertThat(result.summary().parameters()).containsEntry("quarters", org.bankdata.config.QuarterRange.of("2020Q1", null).toString());
    }
}
