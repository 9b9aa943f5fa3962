package org.bankdata.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.bankdata.history.HistoryStore;
import org.bankdata.history.TaskState;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.config.PostgresLogin;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.InputStorage;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import org.bankdata.errors.WarehouseException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.pipeline.PipelineLauncher;
import org.bankdata.pipeline.Preflight;
import org.bankdata.pipeline.Progress;
import org.bankdata.pipeline.RunParameters;
import org.bankdata.pipeline.RunSummary;
import org.bankdata.pipeline.TaskFactory;
import org.bankdata.query.ChartReport;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.spark.SparkSessions;
import org.bankdata.warehouse.TargetFlags;
import org.bankdata.warehouse.WarehouseTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bankdata run}: the whole pipeline, then the three answers from what it published. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: land the inputs under raw/, build the star schema with Spark, check it,"
                + " publish it atomically, and print the three answers. Defaults use the bundled BCB data."
                + " With --from/--to, a backfill: only those quarters are processed and merged into what is published."
                + " Every run is recorded in <lake>/runs/history.db (see `bankdata runs`).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run succeeded (or was skipped: the same inputs are published)", "1:the run failed; nothing was published",
            "2:bad usage", "3:the run succeeded and published, with warnings (e.g. rows quarantined within --max-quarantined);"
                    + " --warnings-exit-code changes this code, e.g. to 0 for schedulers that fail on any other"})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    RunInputOptions inputs;

    @Option(names = "--quiet", description = "No progress on stderr and no report on stdout (for scripts).")
    boolean quiet;

    @Mixin
    QuarterRangeOptions quarters;

    @Option(names = "--resume", paramLabel = "RUN_ID",
            description = "Continue a failed run: rerun its failed and not-run tasks, reuse what succeeded (its own parameters"
                    + " are used).")
    String resume;

    @Option(names = "--only", paramLabel = "TASK", split = ",",
            description = "Run only these tasks (comma-separated), reusing the outputs of the published run (or, with --resume,"
                    + " of that run) for the tasks they need.")
    List<String> only = new ArrayList<>();

    @Option(names = "--downstream", description = "With --only: also run every task after the ones named.")
    boolean downstream;

    @Option(names = "--force", description = "Run even when a succeeded run had the same parameters (otherwise skipped).")
    boolean force;

    @Option(names = "--sink", paramLabel = "postgres:JDBC_URL",
            description = "After the run, load the published tables into Postgres as `bankdata export postgres` does, e.g."
                    + " postgres:jdbc:postgresql://HOST:5432/DATABASE (schema bankdata; login from the URL, --password-file,"
                    + " PGUSER/PGPASSWORD or ~/.pgpass)."
                    + " A failed export exits 1; the lake stays published.")
    String sink;

    @Option(names = "--warnings-exit-code", paramLabel = "N", defaultValue = "" + Main.EXIT_WARNINGS,
            converter = WarningsExitCode.class,
            description = "Exit code of a run that succeeded and published with warnings (default: ${DEFAULT-VALUE}); 0 for a"
                    + " scheduler that reads any other code as a failure (AWS Glue, docker compose's"
                    + " service_completed_successfully). The warnings are printed and kept in the run history either way.")
    int warningsExitCode = Main.EXIT_WARNINGS;

    @Mixin
    FormatOption output;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Override
    public Integer call() {
        RunConfig config = inputs.toConfig(lake.lake);
        S3Settings s3 = lake.s3(config, resume != null);
        try (InputStorage files = InputStorage.open(s3)) {
            return run(Preflight.requireInputs(config, files), s3, files);
        }
    }

    private int run(RunConfig config, S3Settings s3, InputStorage files) {
        if (downstream && only.isEmpty()) {
            throw new UsageException("--downstream goes with --only TASK");
        }
        if (resume != null && (quarters.from != null || quarters.to != null)) {
            throw new UsageException("--resume continues a run with its own quarters; drop --from/--to");
        }
        WarehouseTarget sinkTarget = sink == null ? null : sinkTarget(sink, history.passwordFile());
        Progress progress = new Progress(spec.commandLine().getErr(), quiet);
        QuarterRange range = quarters.range();
        if (resume == null) {
            try (LakeSite site = lake.open(s3)) {
                Preflight.check(config, site.storage(), files);
            }
        }
        try (LakeSite opened = lake.open()) {
            LakeSite site = HistoryStore.withLocksOf(opened, history.given());
            if (site.catalogServesOneHost()) {
                progress.message(site.catalog().isLocalFile()
                        ? "the lake's Iceberg catalog is " + site.catalog().sqliteFile() + " on this host: it serves the"
                                + " processes of this one host (run every bankdata of this lake here, with the same --lake-state)"
                        : "the lake's publishes are guarded by locks on this host (catalog " + site.catalog() + " keeps"
                                + " none): publish this lake from this host only, or give every host the same"
                                + " --history jdbc:postgresql://… to share its locks");
            }
        }
        LakeQueryEngine.warmUpInBackground();
        LakeLayout layout = new LakeLayout(config.lake());
        PipelineLauncher launcher = new PipelineLauncher(PipelineDefinition.graph(), TaskFactory::create,
                master -> SparkSessions.create(master, lake.s3()), progress, location -> lake.open(s3))
                .withHistory(history.given());
        PipelineLauncher.Result result = launcher.run(new PipelineLauncher.Request(config,
                resume == null ? RunParameters.of(config, range, files) : null, resume, only, downstream, force));
        int exit = 0;
        if (result.skipped()) {
            List<String> earlier = result.skippedFor().warnings();
            progress.message("run skipped: run " + result.skippedFor().runId() + " (succeeded " + result.skippedFor().endedAt()
                    + ") had the same parameters and inputs; its tables are published"
                    + (earlier.isEmpty() ? "" : " (it had " + earlier.size() + " warning(s): `bankdata runs show "
                            + result.skippedFor().runId() + "`)") + ". Use --force to run again.");
        } else {
            RunSummary summary = result.summary();
            // never hidden by --quiet: a warning says data was left out
            summary.warnings().forEach(progress::warning);
            boolean published = summary.tasks().stream().anyMatch(t -> t.task().equals(PipelineDefinition.PUBLISH)
                    && t.state() == TaskState.SUCCEEDED);
            progress.runFinished(summary, (published ? "published " + layout.location(LakeLayout.SNAPSHOT)
                    : "nothing published (publish was not part of this run)")
                    + (summary.succeededWithWarnings() ? " (exit code " + warningsExitCode + ")" : ""));
            exit = summary.succeededWithWarnings() ? warningsExitCode : 0;
        }
        if (!quiet) {
            try (LakeQueryEngine engine = lake.query(QuarterRange.ALL)) {
                ReportPrinter.print(ChartReport.of(engine, QuarterRange.ALL), Coverage.describe(engine, QuarterRange.ALL),
                        output.format, spec.commandLine().getOut());
            } catch (BadInputException e) {
                // the check step computes every answer before publishing, so this is not the data: say what is true
                throw new BadInputException("the run's tables are published, but printing the answers failed: "
                        + e.getMessage(), e);
            }
        }
        if (sinkTarget != null) {
            try {
                ExportPostgresCommand.export(lake, sinkTarget, quiet ? null : spec.commandLine().getErr(),
                        quiet ? null : spec.commandLine().getErr());
            } catch (WarehouseException e) {
                String failure = "--sink failed: " + e.getMessage();
                if (!result.skipped()) {
                    launcher.addWarning(config.lake(), result.runId(), failure);
                }
                throw new WarehouseException("the run published its tables, but " + failure, e.retriable(), e);
            }
        }
        return exit;
    }

    private static WarehouseTarget sinkTarget(String sink, java.nio.file.Path passwordFile) {
        if (!sink.startsWith("postgres:")) {
            throw new UsageException("--sink " + Redaction.redact(sink) + " names no known target; write"
                    + " postgres:jdbc:postgresql://HOST:5432/DATABASE");
        }
        return WarehouseTarget.of(sink.substring("postgres:".length()), null,
                new PostgresLogin.Sources(null, null, passwordFile, null, null), List.of(), false, TargetFlags.SINK,
                System.getenv());
    }
}
