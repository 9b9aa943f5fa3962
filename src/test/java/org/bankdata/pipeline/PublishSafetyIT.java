package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bankdata.BundledData;
import org.bankdata.ChildJvm;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.Quarter;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.history.RunHistory;
import org.bankdata.history.RunHistoryReader;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskState;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.pipeline.context.PipelineTask;

/**
 * Publishing is a compare-and-swap on the snapshot a run built on: two backfills of different quarters that
 * race (through {@code run} and through {@code job}) both end up published; an old run resumed after a newer
 * publish is refused instead of rolling it back; and a run killed with SIGKILL at seeded random moments
 * leaves exactly the old or the new tables, is shown as not running, and resumes to the known answers. The tests
 * run one after the other: runs in this JVM share its one SparkSession, and two runs that are not the race this
 * class stages must not meet in it (side by side, they made each other's check fail).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishSafetyIT {
    /** Complaints of CAIXA ECONÔMICA FEDERAL (conglomerado) over the 8 bundled quarters, counted from the raw files. */
    private static final long CAIXA_ALL_QUARTERS = 138_458;

    @TempDir
    Path work;

    @BeforeAll
    void spark() {
        TestSpark.session();
        ChildJvm.prepareSharedClasses(); // the crash harness's children
    }

    private static RunConfig config(Path lake) {
        return new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                BundledData.feeResponses(), lake, "local[2]");
    }

    private static PipelineLauncher.Request backfill(Path lake, String from, String to) {
        RunConfig config = config(lake);
        QuarterRange range = new QuarterRange(Quarter.parse(from), Quarter.parse(to));
        return new PipelineLauncher.Request(config, RunParameters.of(config, range), null, List.of(), false, true);
    }

    private static PipelineLauncher launcher(java.util.function.Function<String, PipelineTask> tasks) {
        return new PipelineLauncher(PipelineDefinition.graph(), tasks, master -> TestSpark.session(), Progress.quiet());
    }

    private static Snapshot published(Path lake) {
        return new SnapshotStore(new LakeLayout(lake)).require();
    }

    private static List<Object> distinctPeriods(Path lake) {
        try (var engine = org.bankdata.query.LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL)) {
            return engine.query("SELECT DISTINCT period_key FROM fact_complaints ORDER BY 1").rows().stream()
                    .map(r -> (Object) ((Number) r.get(0)).longValue()).toList();
        }
    }

    private static long caixaComplaints(Path lake) {
        try (var engine = org.bankdata.query.LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL)) {
            return ((Number) engine.query("SELECT sum(f.total_complaints) FROM fact_complaints f JOIN dim_institution i"
                    + " USING (institution_key) WHERE i.name = 'CAIXA ECONÔMICA FEDERAL (conglomerado)'")
                    .rows().get(0).get(0)).longValue();
        }
    }

    private static final List<Object> ALL_EIGHT = List.of(20201L, 20202L, 20203L, 20204L, 20211L, 20212L, 20213L, 20214L);

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoBackfillsOfDifferentQuartersRacingThroughRunArePublishedBoth() throws Exception {
        Path lake = work.resolve("race-run");
        CountDownLatch firstAtPublish = new CountDownLatch(1);
        CountDownLatch secondPublished = new CountDownLatch(1);
        PipelineLauncher first = launcher(name -> name.equals(PipelineDefinition.PUBLISH)
                ? context -> {
                    firstAtPublish.countDown();
                    try {
                        secondPublished.await(120, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return TaskFactory.create(name).run(context);
                }
                : TaskFactory.create(name));
        CompletableFuture<PipelineLauncher.Result> a = CompletableFuture.supplyAsync(() -> first.run(backfill(lake, "2020Q1", "2020Q4")));
        assertThat(firstAtPublish.await(180, TimeUnit.SECONDS)).as("the first backfill reached publish").isTrue();

        PipelineLauncher.Result b = launcher(TaskFactory::create).run(backfill(lake, "2021Q1", "2021Q4"));
        assertThat(published(lake).runId()).isEqualTo(b.runId());
        assertThat(distinctPeriods(lake)).containsExactly(20211L, 20212L, 20213L, 20214L);
        secondPublished.countDown();
        PipelineLauncher.Result aResult = a.get(180, TimeUnit.SECONDS);

        Snapshot last = published(lake);
        assertThat(last.runId()).isEqualTo(aResult.runId());
        assertThat(last.baseRunId()).as("rebuilt on the other backfill").isEqualTo(b.runId());
        assertThat(distinctPeriods(lake)).isEqualTo(ALL_EIGHT);
        assertThat(caixaComplaints(lake)).isEqualTo(CAIXA_ALL_QUARTERS);
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.run(aResult.runId()).orElseThrow().state().text()).isEqualTo("succeeded");
            assertThat(history.run(aResult.runId()).orElseThrow().baseRunId()).isEqualTo(b.runId());
            // conform_conglomerates matches the ranking's conglomerates, so it runs again after the rebuilt
            // extract_complaints: the merged ranking holds the other backfill's quarters
            assertThat(history.tasks(aResult.runId())).filteredOn(t -> t.task().equals("conform_conglomerates"))
                    .extracting(s -> s.state().text()).containsExactly("succeeded");
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aBackfillRunAsJobsThatLosesItsPublishIsRebuiltAndAnOldFullRunResumedAfterANewerPublishIsRefused() {
        Path lake = work.resolve("race-jobs");
        String a = "backfill_2020";
        for (TaskSpec spec : PipelineDefinition.topologicalOrder()) {
            if (!spec.name().equals(PipelineDefinition.PUBLISH)) {
                job(lake, spec.name(), a, "2020Q1", "2020Q4");
            }
        }
        String b = launcher(TaskFactory::create).run(backfill(lake, "2021Q1", "2021Q4")).runId();
        assertThat(published(lake).runId()).isEqualTo(b);

        InProcessCli.Result publishA = job(lake, PipelineDefinition.PUBLISH, a, "2020Q1", "2020Q4");
        assertThat(publishA.err()).contains("run " + b + " published while backfill " + a + " ran; rebuilding");
        assertThat(published(lake).runId()).isEqualTo(a);
        assertThat(published(lake).baseRunId()).isEqualTo(b);
        assertThat(distinctPeriods(lake)).isEqualTo(ALL_EIGHT);
        assertThat(caixaComplaints(lake)).isEqualTo(CAIXA_ALL_QUARTERS);

        // a full run that failed, then a newer full run published: resuming the old one must not roll it back
        RunConfig config = config(lake);
        PipelineLauncher faulty = launcher(name -> name.equals(PipelineDefinition.BUILD_FACTS)
                ? context -> {
                    throw new SourceUnavailableException("injected: the cluster lost its executors", null);
                }
                : TaskFactory.create(name));
        PipelineFailedException failure = (PipelineFailedException) org.assertj.core.api.Assertions.catchThrowable(() ->
                faulty.run(new PipelineLauncher.Request(config, RunParameters.of(config, QuarterRange.ALL), null, List.of(),
                        false, true)));
        String old = failure.summary().runId();
        // a newer run publishes: here one that rebuilds the charts on the published tables
        InProcessCli.Result newer = InProcessCli.bankdata("run", "--only", "build_charts", "--downstream", "--lake",
                lake.toString(), "--quiet");
        assertThat(newer.exit()).as(newer.err()).isZero();
        Snapshot before = published(lake);
        assertThat(before.runId()).isNotEqualTo(old);

        InProcessCli.Result resumed = InProcessCli.bankdata("run", "--resume", old, "--lake", lake.toString(), "--quiet");

        assertThat(resumed.exit()).isEqualTo(1);
        assertThat(resumed.err()).contains("run " + before.runId() + " published").contains("would undo it")
                .contains("start a new run");
        assertThat(published(lake)).isEqualTo(before);
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.run(old).orElseThrow().state().text()).isEqualTo("failed");
            assertThat(history.latestSucceeded().map(RunRecord::runId)).contains(before.runId());
        }
    }

    private static InProcessCli.Result job(Path lake, String task, String run, String from, String to) {
        InProcessCli.Result job = InProcessCli.bankdata("job", task, "--run", run, "--lake", lake.toString(), "--from", from,
                "--to", to);
        assertThat(job.exit()).as(task + " of " + run + ": " + job.err()).isZero();
        return job;
    }

    /**
     * The crash harness: a full run over a lake holding a 2020 backfill is killed with SIGKILL six times, at a
     * seeded random moment inside a different task each time, and resumed after each kill. After every kill the
     * published snapshot is exactly the old one or exactly the new one (every table it names reads back with the
     * row count it records), and {@code bankdata runs} shows the killed run as failed, not running. The last
     * resume completes the run with the known answers.
     */
    @Test
    @Timeout(value = 420, unit = TimeUnit.SECONDS)
    void aRunKilledAtRandomMomentsInSixTasksLeavesOldOrNewTablesAndResumesToTheKnownAnswers() throws Exception {
        Path lake = work.resolve("crash");
        InProcessCli.Result seed = InProcessCli.bankdata("run", "--lake", lake.toString(), "--from", "2020Q1", "--to", "2020Q4",
                "--quiet");
        assertThat(seed.exit()).as(seed.err()).isZero();
        Snapshot old = published(lake);
        Random random = new Random(20261129L);
        List<String> killPoints = List.of("extract_fees", "build_dimensions", "build_facts", "build_charts", "check", "publish");
        String runId = null;
        List<String> seen = new ArrayList<>();
        for (String point : killPoints) {
            if (runId != null && succeeded(lake, runId)) {
                break; // the last child finished the run before it was killed
            }
            List<String> args = runId == null
                    ? List.of("run", "--force", "--lake", lake.toString(), "--quiet")
                    : List.of("run", "--resume", runId, "--lake", lake.toString(), "--quiet");
            Path log = work.resolve("crash-" + point + ".log");
            Process child = ChildJvm.bankdata(List.of(), args).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            try {
                String id = awaitRunning(lake, child, log, runId, old.runId(), point);
                if (id == null) {
                    break; // the run finished before this task started: nothing left to kill
                }
                runId = id;
                Thread.sleep(random.nextInt(point.equals("publish") ? 150 : 800));
            } finally {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
            // what a user sees of the run begins with its own lines: no notice of the logging library's start
            assertThat(Files.readString(log)).as("output of the run killed in " + point).doesNotContain("SLF4J:");
            seen.add(point);
            assertOldOrNew(lake, old, runId);
            InProcessCli.Result runs = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
            assertThat(runs.exit()).as(runs.err()).isZero();
            String killed = runId;
            String line = runs.out().lines().filter(l -> l.startsWith(killed + ",")).findFirst().orElseThrow();
            assertThat(line).as("after the kill in " + point).doesNotContain(",running,");
        }
        assertThat(seen).as("kill points reached").hasSizeGreaterThanOrEqualTo(4);

        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            if (!history.run(runId).orElseThrow().state().text().equals("succeeded")) {
                InProcessCli.Result last = InProcessCli.bankdata("run", "--resume", runId, "--lake", lake.toString(), "--quiet");
                assertThat(last.exit()).as(last.err()).isZero();
            }
        }
        assertThat(published(lake).runId()).isEqualTo(runId);
        assertThat(distinctPeriods(lake)).isEqualTo(ALL_EIGHT);
        assertThat(caixaComplaints(lake)).isEqualTo(CAIXA_ALL_QUARTERS);
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            assertThat(history.run(runId).orElseThrow().state().text()).isEqualTo("succeeded");
            assertThat(history.run(runId).orElseThrow().attempts()).isGreaterThanOrEqualTo(seen.size());
        }
    }

    private static boolean succeeded(Path lake, String runId) {
        try (RunHistory history = RunHistory.open(new LakeLayout(lake))) {
            return history.run(runId).orElseThrow().state().text().equals("succeeded");
        }
    }

    /**
     * Waits until the child's run ({@code runId}, or a new run other than {@code published}) has {@code task}
     * running; returns the run id, or null when the run finished first.
     */
    private static String awaitRunning(Path lake, Process child, Path log, String runId, String published, String task)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        RunHistoryReader reader = new RunHistoryReader(new LakeLayout(lake));
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                if (runId != null && child.exitValue() == 0) {
                    return null;
                }
                throw new AssertionError("the child run ended before it could be killed: " + Files.readString(log));
            }
            // read-only, as `bankdata runs` reads it: opening the history for writing would check its schema each time
            for (RunHistoryReader.Run r : reader.recent(5).orElse(List.of())) {
                boolean ours = runId != null ? r.runId().equals(runId) : !r.runId().equals(published);
                if (ours && r.state().equals("running") && r.tasks().stream()
                        .anyMatch(t -> t.task().equals(task) && t.state() == TaskState.RUNNING)) {
                    return r.runId();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(task + " of the child run did not start within 180 s: " + Files.readString(log));
    }

    /** The published snapshot is the old one or the killed run's, whole: each table reads back with its recorded rows. */
    private static void assertOldOrNew(Path lake, Snapshot old, String runId) throws Exception {
        Snapshot now = published(lake);
        assertThat(now.runId()).isIn(old.runId(), runId);
        if (now.runId().equals(old.runId())) {
            assertThat(now).isEqualTo(old);
            assertThat(distinctPeriods(lake)).containsExactly(20201L, 20202L, 20203L, 20204L);
        } else {
            assertThat(distinctPeriods(lake)).isEqualTo(ALL_EIGHT);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (PublishedTable table : now.tables().values()) {
                if (table.rows() == 0) {
                    continue;
                }
                // the data files the release names (of its Iceberg snapshot), each of them present
                String files = table.files().stream().map(f -> "'" + lake.resolve(f) + "'")
                        .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + files + ")")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as(table.name()).isEqualTo(table.rows());
                }
            }
        }
    }
}
