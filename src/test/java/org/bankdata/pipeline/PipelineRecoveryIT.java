package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.bankdata.BundledData;
import org.bankdata.catalog.ChartTables;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.PublishedTable;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.TableStore;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.ChildJvm;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskRun;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.lake.LakeCopies;
import org.bankdata.serve.BundledLake;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the real pipeline and how a run recovers: a task that always fails (injected through the
 * task factory seam), then --resume; a run driven task by task with `bankdata job`, one of them in its own
 * process (runs killed with SIGKILL are the crash harness's, in PublishSafetyIT). The tests share one lake and
 * run in order: each starts from what the one before published, the first from a copy of the lake the bundled run
 * published (the run itself is PipelineIT's subject).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineRecoveryIT {
    @TempDir
    static Path work;

    private Path lake;

    /** A copy of the bundled run's lake (built once per test JVM, see {@link BundledLake}), history included. */
    @BeforeAll
    void startFromTheBundledRun() throws java.io.IOException {
        TestSpark.session();
        // a copy whose Iceberg catalog and metadata are its own (they name absolute locations): this class writes to it
        lake = LakeCopies.copy(BundledLake.published(), work.resolve("lake"));
        ChildJvm.prepareSharedClasses(); // the job test's child
    }

    private RunConfig config(Path lakeDir) {
        // as `bankdata run` builds it: the bundled conglomerate alias file by default
        return new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(), BundledData.feeResponses(), lakeDir,
                "local[2]").withConglomerateAliases(BundledData.HOME.bundledConglomerateAliases());
    }

    private static PipelineGraph fastRetries() {
        PipelineGraph graph = PipelineDefinition.graph();
        for (String task : graph.names()) {
            graph = graph.withPolicy(task, p -> new TaskPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50), p.timeout()));
        }
        return graph;
    }

    private Snapshot published() {
        return new SnapshotStore(new LakeLayout(lake)).require();
    }

    private TaskRun task(String runId, String name) {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            return history.tasks(runId).stream().filter(t -> t.task().equals(name)).findFirst().orElseThrow();
        }
    }

    private RunRecord run(String runId) {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            return history.run(runId).orElseThrow();
        }
    }

    @Test
    @Order(1)
    void anUnchangedRerunIsSkippedUnlessForced() {
        InProcessCli.Result again = InProcessCli.bankdata("run", "--lake", lake.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).contains("run skipped").contains("--force");
        assertThat(again.out()).contains("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.runs(10)).extracting(s -> s.state().text()).containsExactly("skipped", "succeeded");
        }
    }

    @Test
    @Order(2)
    void aTaskThatAlwaysFailsPublishesNothingAndResumeCompletesTheRunOnceTheFaultIsGone() throws IOException {
        Snapshot before = published();
        List<List<Object>> factsBefore = PipelineIT.contents(lake, "fact_complaints");
        PipelineLauncher faulty = new PipelineLauncher(fastRetries(), name -> name.equals("build_facts")
                ? context -> {
                    throw new SourceUnavailableException("injected: the cluster lost its executors", null);
                }
                : TaskFactory.create(name), master -> TestSpark.session(), Progress.quiet());
        RunConfig config = config(lake);
        PipelineFailedException failure = (PipelineFailedException) org.assertj.core.api.Assertions.catchThrowable(() ->
                faulty.run(new PipelineLauncher.Request(config, RunParameters.of(config, QuarterRange.ALL), null, List.of(),
                        false, true)));
        assertThat(failure).isNotNull();
        assertThat(failure.exitCode()).isEqualTo(1);
        String runId = failure.summary().runId();

        assertThat(published()).isEqualTo(before);
        assertThat(PipelineIT.contents(lake, "fact_complaints")).isEqualTo(factsBefore);
        assertThat(task(runId, "build_facts").state().text()).isEqualTo("failed");
        assertThat(task(runId, "build_facts").attempts()).isEqualTo(3);
        assertThat(task(runId, "build_dimensions").state().text()).isEqualTo("succeeded");
        for (String downstream : List.of("build_charts", "check", "publish")) {
            assertThat(task(runId, downstream).state().text()).as(downstream).isEqualTo("upstream_failed");
        }
        assertThat(run(runId).state().text()).isEqualTo("failed");
        // rows out of extract_banks: the rows of the table it wrote, the bank list's data lines
        long bankListRows = Files.readAllLines(BundledData.bankList()).size() - 1;
        long banksRowsOut = task(runId, "extract_banks").rowsOut();
        assertThat(banksRowsOut).isEqualTo(bankListRows).isEqualTo(1474);

        InProcessCli.Result resumed = InProcessCli.bankdata("run", "--resume", runId, "--lake", lake.toString(), "--format", "csv");
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("(resumed)").contains("reused");
        assertThat(run(runId).state().text()).isEqualTo("succeeded");
        assertThat(run(runId).attempts()).isEqualTo(2);
        for (String reused : List.of("extract_banks", "extract_complaints", "conform_conglomerates", "extract_fees",
                "build_dimensions")) {
            assertThat(task(runId, reused).state().text()).as(reused).isEqualTo("reused");
        }
        for (String rerun : List.of("build_facts", "build_charts", "check", "publish")) {
            assertThat(task(runId, rerun).state().text()).as(rerun).isEqualTo("succeeded");
        }
        assertThat(published().runId()).isEqualTo(runId);
        assertThat(PipelineIT.contents(lake, "fact_complaints")).isEqualTo(factsBefore);
        assertThat(resumed.out()).contains("138458");
        // the resumed run's closing table shows the reused task's rows out as the attempt that ran it recorded them
        assertThat(resumed.err().lines().filter(l -> l.matches("\\s*extract_banks\\s+reused\\s.*"))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1).replace(",", ""))).containsExactly(Long.toString(banksRowsOut));
        assertThat(task(runId, "extract_banks").rowsOut()).isEqualTo(banksRowsOut);

        InProcessCli.Result show = InProcessCli.bankdata("runs", "show", runId, "--lake", lake.toString());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("run " + runId + ": succeeded").contains("build_facts").contains("reused");
        InProcessCli.Result list = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
        assertThat(list.out().lines().filter(l -> l.startsWith(runId + ",succeeded,"))).hasSize(1);
    }

    /** Holds the straggler's Spark job inside its write (executors of local[2] run in this JVM) until the retry is done. */
    private static final CountDownLatch STRAGGLER_GATE = new CountDownLatch(1);

    /**
     * A write that outlives its attempt: the first attempt of build_charts starts a write of chart_top_complaints whose
     * Spark job is held inside a UDF, and waits for it past the task's timeout. The runner interrupts the attempt,
     * cancels the task's Spark job group and retries; the retry builds the charts for real. Only then is the held job let
     * go, and the first attempt's write commits, after the retry's (a cancel is asynchronous: a write already past its
     * Spark job, or in another process, is not reached by it; here the straggler's job runs in a job group of its own
     * so that it surely outlives the cancel). The run publishes the retry's rows only, and the straggler's rows sit on
     * its own attempt's snapshot.
     */
    @Test
    @Order(6)
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aWriteOfATimedOutAttemptThatCommitsAfterTheRetryNeverReachesTheRunsTables() throws Exception {
        String table = ChartTables.TOP_COMPLAINTS.name();
        Snapshot before = published();
        // the chart the bundled run published from the same inputs: what the retry must publish again
        List<List<Object>> expected = PipelineIT.contents(lake, table);
        assertThat(expected).hasSize(10);
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Thread> straggler = new AtomicReference<>();
        AtomicReference<Long> stragglerSnapshot = new AtomicReference<>();
        AtomicReference<Throwable> stragglerFailure = new AtomicReference<>();
        AtomicReference<String> firstBranch = new AtomicReference<>();
        Function<String, PipelineTask> tasks = name -> !name.equals("build_charts") ? TaskFactory.create(name) : context -> {
            if (attempts.incrementAndGet() == 1) {
                firstBranch.set(context.tables().branch());
                PublishedTable released = context.base().orElseThrow().table(table);
                UserDefinedFunction held = functions.udf((UDF1<String, String>) institution -> {
                    STRAGGLER_GATE.await();
                    return "STRAGGLER " + institution;
                }, DataTypes.StringType);
                Thread writer = new Thread(() -> {
                    context.spark().sparkContext().setJobGroup("straggler", "a write the cancel does not reach", false);
                    try {
                        Dataset<Row> rows = context.tables().readReleased(ChartTables.TOP_COMPLAINTS, released)
                                .withColumn("institution_name", held.apply(functions.col("institution_name")));
                        context.tables().write(ChartTables.TOP_COMPLAINTS, rows);
                        stragglerSnapshot.set(context.tables().ownTables().get(table).snapshotId());
                    } catch (Throwable e) {
                        stragglerFailure.set(e);
                    }
                }, "straggler");
                straggler.set(writer);
                writer.start();
                try {
                    writer.join(); // interrupted by the timeout, while the straggler's Spark job is still writing
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("attempt interrupted", e);
                }
                throw new IllegalStateException("the straggler finished before the attempt timed out");
            }
            TaskResult built = TaskFactory.create("build_charts").run(context);
            STRAGGLER_GATE.countDown(); // the retry wrote its tables: now the first attempt's write may commit
            try {
                straggler.get().join(60_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return built;
        };
        PipelineGraph graph = fastRetries().withPolicy("build_charts", p -> p.withTimeout(Duration.ofSeconds(30)));
        PipelineLauncher launcher = new PipelineLauncher(graph, tasks, master -> TestSpark.session(), Progress.quiet());
        RunConfig config = config(lake);
        PipelineLauncher.Result result = launcher.run(new PipelineLauncher.Request(config, RunParameters.of(config,
                QuarterRange.ALL), null, List.of("build_charts"), true, false));
        String runId = result.runId();

        assertThat(stragglerFailure.get()).isNull();
        assertThat(straggler.get().isAlive()).isFalse();
        assertThat(task(runId, "build_charts").attempts()).isEqualTo(2);
        assertThat(run(runId).state().text()).isEqualTo("succeeded");
        // the retry's rows were published, none of the straggler's
        Snapshot now = published();
        assertThat(now.runId()).isEqualTo(runId).isNotEqualTo(before.runId());
        assertThat(now.table(table).runId()).isEqualTo(runId);
        assertThat(PipelineIT.contents(lake, table)).isEqualTo(expected)
                .noneMatch(row -> String.valueOf(row.get(1)).startsWith("STRAGGLER"));
        // the straggler did commit, after the retry, on the first attempt's branch: its rows are in its own snapshot only
        Table iceberg = LakeSite.local(lake).icebergCatalog().table(table);
        long retry = now.table(table).snapshotId();
        long late = stragglerSnapshot.get();
        assertThat(late).isNotEqualTo(retry);
        assertThat(iceberg.snapshot(late).timestampMillis()).isGreaterThan(iceberg.snapshot(retry).timestampMillis());
        assertThat(firstBranch.get()).matches("run_" + java.util.regex.Pattern.quote(runId) + "_build_charts_a1_[0-9a-f]{6}");
        List<Row> stragglerRows = new TableStore(TestSpark.session(), new LakeLayout(lake), runId).readReleased(
                ChartTables.TOP_COMPLAINTS, new PublishedTable(table, LakeLayout.tableKey(table), 0, runId, late, List.of()))
                .collectAsList();
        assertThat(stragglerRows).hasSize(expected.size())
                .allSatisfy(row -> assertThat(row.getString(1)).startsWith("STRAGGLER "));
        // the publish removed the run's branches, the first attempt's included; main and the tag are the retry's
        assertThat(iceberg.refs().keySet()).noneMatch(ref -> ref.startsWith("run_" + runId));
        assertThat(iceberg.refs().get("main").snapshotId()).isEqualTo(retry);
        assertThat(iceberg.refs().get("release_" + runId).snapshotId()).isEqualTo(retry);
    }

    @Test
    @Order(4)
    void onlyWithDownstreamRerunsPartOfTheGraphOnThePublishedRunsOutputs() {
        String source = published().runId();
        List<List<Object>> chartBefore = PipelineIT.contents(lake, "chart_top_complaints");
        InProcessCli.Result part = InProcessCli.bankdata("run", "--only", "build_charts", "--downstream", "--lake", lake.toString(),
                "--quiet");
        assertThat(part.exit()).as(part.err()).isZero();
        String runId;
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            runId = history.runs(1).get(0).runId();
            assertThat(history.run(runId).orElseThrow().state().text()).isEqualTo("succeeded");
            assertThat(history.tasks(runId)).extracting(TaskRun::task, t -> t.state().text()).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple("extract_banks", "reused"),
                    org.assertj.core.groups.Tuple.tuple("extract_complaints", "reused"),
                    org.assertj.core.groups.Tuple.tuple("conform_conglomerates", "reused"),
                    org.assertj.core.groups.Tuple.tuple("extract_fees", "reused"),
                    org.assertj.core.groups.Tuple.tuple("build_dimensions", "reused"),
                    org.assertj.core.groups.Tuple.tuple("build_facts", "reused"),
                    org.assertj.core.groups.Tuple.tuple("build_charts", "succeeded"),
                    org.assertj.core.groups.Tuple.tuple("check", "succeeded"),
                    org.assertj.core.groups.Tuple.tuple("publish", "succeeded"));
        }
        Snapshot now = published();
        assertThat(now.runId()).isEqualTo(runId).isNotEqualTo(source);
        assertThat(now.table("chart_top_complaints").runId()).isEqualTo(runId);
        assertThat(now.table("fact_complaints").runId()).isEqualTo(source);
        assertThat(PipelineIT.contents(lake, "chart_top_complaints")).isEqualTo(chartBefore);
        assertThat(PipelineIT.contents(lake, "quarantine")).isEmpty();
    }

    @Test
    @Order(5)
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void jobsRunTheTasksOneByOneOneOfThemInItsOwnProcess() throws IOException, InterruptedException {
        Path jobsLake = work.resolve("jobs-lake");
        String runId = "manual__2026-11-24T05:00:00+00:00";
        String safeId = RunIds.fromExternal(runId);
        InProcessCli.Result early = InProcessCli.bankdata("job", "build_facts", "--run", runId, "--lake", jobsLake.toString());
        assertThat(early.exit()).isEqualTo(1);
        // build_facts waits for extract_fees (and what extract_fees waits for); the nearest missing one is named
        assertThat(early.err()).contains("needs extract_fees");

        for (TaskSpec spec : PipelineDefinition.topologicalOrder()) {
            if (spec.name().equals("extract_fees")) {
                Path log = work.resolve("job.log");
                Process child = ChildJvm.bankdata(List.of(), List.of("job", "extract_fees", "--run", runId, "--lake",
                        jobsLake.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertThat(child.waitFor(240, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).as(Files.readString(log)).isZero();
            } else {
                InProcessCli.Result job = InProcessCli.bankdata("job", spec.name(), "--run", runId, "--lake", jobsLake.toString(), "--quiet");
                assertThat(job.exit()).as(spec.name() + ": " + job.err()).isZero();
            }
        }
        try (RunHistory history = RunHistory.open(new LakeLayout(jobsLake))) {
            RunRecord run = history.run(safeId).orElseThrow();
            assertThat(run.state().text()).isEqualTo("succeeded");
            assertThat(run.driver()).isEqualTo("job");
            assertThat(history.tasks(safeId)).extracting(s -> s.state().text()).containsOnly("succeeded");
            assertThat(history.tasks(safeId)).hasSize(PipelineDefinition.tasks().size());
        }
        assertThat(new SnapshotStore(new LakeLayout(jobsLake)).require().runId()).isEqualTo(safeId);
        for (String table : List.of("dim_institution", "fact_complaints", "fact_service_fee", "chart_top_complaints",
                "chart_top_free_services", "chart_services_vs_complaints")) {
            assertThat(PipelineIT.contents(jobsLake, table)).as(table).isEqualTo(PipelineIT.contents(lake, table));
        }
    }

}
