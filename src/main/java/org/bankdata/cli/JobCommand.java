package org.bankdata.cli;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bankdata.config.RunConfig;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.InputStorage;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.pipeline.PipelineLauncher;
import org.bankdata.pipeline.Preflight;
import org.bankdata.pipeline.Progress;
import org.bankdata.pipeline.RunIds;
import org.bankdata.pipeline.RunParameters;
import org.bankdata.pipeline.RunSummary;
import org.bankdata.pipeline.TaskFactory;
import org.bankdata.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bankdata job <task> --run <id>}: one task of a run in this process, on what the run's earlier
 * tasks left in the lake. The job template a scheduler (Airflow, a cluster's spark-submit) calls once per task.
 */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Run one pipeline task of run RUN_ID in this process, using the outputs the run's earlier tasks left in"
                + " the lake (for schedulers such as Airflow: `spark-submit ... bankdata-spark.jar job <task> --run <id>`)."
                + " The first job of a run records its inputs; later jobs of the run use them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the task succeeded (also when the run's last task finishes it with warnings, unless"
                + " --warnings-exit-code says otherwise)", "1:the task failed, or a task it needs has not succeeded", "2:bad usage"})
public final class JobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TASK", description = "A task of `bankdata dag`, e.g. extract_fees.")
    String task;

    @Option(names = "--run", paramLabel = "RUN_ID", required = true,
            description = "The run this task belongs to; characters other than letters, digits, '.', '_' and '-' become '_'"
                    + " (so Airflow's {{ run_id }} can be passed as is).")
    String run;

    /** As for `run`; used by the first job of a run, later jobs use what it recorded. */
    @Mixin
    RunInputOptions inputs;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Mixin
    QuarterRangeOptions quarters;

    @Option(names = "--warnings-exit-code", paramLabel = "N", defaultValue = "0", converter = WarningsExitCode.class,
            description = "Exit code of the run's last task (publish) when the run succeeded with warnings (default:"
                    + " ${DEFAULT-VALUE}, so a scheduler does not mark the task failed; e.g. 3 as `run` exits). Other tasks exit"
                    + " 0 when they succeed.")
    int warningsExitCode;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Override
    public Integer call() {
        PipelineDefinition.graph().task(task);
        String runId = RunIds.fromExternal(run);
        RunConfig config = inputs.toConfig(lake.lake);
        // a later job of the run reads the inputs its first job recorded, which may be on S3
        S3Settings s3 = lake.s3(config, true);
        RunParameters parameters;
        try (InputStorage files = InputStorage.open(s3)) {
            Preflight.requireInputs(config, files);
            parameters = RunParameters.of(config, quarters.range(), files);
        }
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        RunSummary summary = new PipelineLauncher(PipelineDefinition.graph(), TaskFactory::create,
                master -> SparkSessions.create(master, lake.s3()), progress, location -> lake.open(s3))
                .withHistory(history.given()).job(task, runId, config, parameters);
        boolean lastTask = PipelineDefinition.graph().downstreamOf(List.of(task)).isEmpty();
        if (lastTask) {
            // the job that publishes tells the run's warnings, even with --quiet; its exit code stays 0 unless
            // --warnings-exit-code says otherwise, since a scheduler reads any other code as a failed task (the run
            // history records the warnings)
            summary.warnings().forEach(progress::warning);
        }
        progress.message(String.format(Locale.ROOT, "job %s of run %s %s in %.1f s", task, runId, summary.state(),
                summary.seconds()));
        return lastTask && summary.succeededWithWarnings() ? warningsExitCode : 0;
    }
}
