package org.bankdata.pipeline.context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.history.HistoryLocation;
import org.bankdata.lake.InputStorage;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.LakeStorage;
import org.bankdata.lake.RawLanding;
import org.bankdata.lake.Snapshot;

/**
 * What the tasks of one run share: the configuration, the quarters the run processes, the one
 * SparkSession, the lake, and the outputs of the tasks finished so far. {@link #forTask} gives one
 * attempt of one task its own view, which records what that attempt writes; the runner adds those
 * outputs to the run only when the attempt succeeds, so a failed attempt leaves nothing behind for the
 * next one to double count.
 */
public final class RunContext {
    private final RunConfig config;
    private final QuarterRange quarters;
    private final SparkSession spark;
    private final LakeSite site;
    private final String runId;
    private final RunOutputs run;
    private final RawLanding landing;
    private final TableStore tables;
    private final Map<String, Long> quarantined = new LinkedHashMap<>();
    private final Map<String, Long> outsideRange = new LinkedHashMap<>();
    private final Map<String, Long> carriedOver = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final TaskProgress progress;
    private final Optional<Snapshot> base;
    private final Clock clock;
    private final HistoryLocation history;
    private final Attempt attempt;

    public RunContext(RunConfig config, SparkSession spark, String runId) {
        this(config, QuarterRange.ALL, spark, runId);
    }

    public RunContext(RunConfig config, QuarterRange quarters, SparkSession spark, String runId) {
        this(config, quarters, spark, runId, TaskProgress.silent());
    }

    /** A run that builds on whatever is published when a task reads it (tests of single tasks). */
    public RunContext(RunConfig config, QuarterRange quarters, SparkSession spark, String runId, TaskProgress progress) {
        this(localSite(config), config, quarters, spark, runId, new RunOutputs(), progress, null, Clock.systemUTC(), null,
                FIRST);
    }

    /**
     * A run that builds on {@code base}: the snapshot published when it started (empty: nothing was). A backfill
     * keeps that snapshot's rows outside its quarters, and its publish succeeds only while that snapshot is
     * still the published one.
     */
    public RunContext(RunConfig config, QuarterRange quarters, SparkSession spark, String runId, TaskProgress progress,
            Optional<Snapshot> base) {
        this(localSite(config), config, quarters, spark, runId, progress, base);
    }

    /**
     * A run on the lake of {@code site} (local or on S3) that builds on {@code base}, as
     * {@link #RunContext(RunConfig, QuarterRange, SparkSession, String, TaskProgress, Optional)}.
     */
    public RunContext(LakeSite site, RunConfig config, QuarterRange quarters, SparkSession spark, String runId,
            TaskProgress progress, Optional<Snapshot> base) {
        this(site, config, quarters, spark, runId, new RunOutputs(), progress, Objects.requireNonNull(base, "base"),
                Clock.systemUTC(), null, FIRST);
    }

    private static LakeSite localSite(RunConfig config) {
        return LakeSite.local(config.lake().localPath());
    }

    /** Which attempt of which task a view is (the run's own view, and tests of single tasks: a first attempt). */
    private record Attempt(String task, int number) {
    }

    private static final Attempt FIRST = new Attempt("task", 1);

    private RunContext(LakeSite site, RunConfig config, QuarterRange quarters, SparkSession spark, String runId, RunOutputs run,
            TaskProgress progress, Optional<Snapshot> base, Clock clock, HistoryLocation history, Attempt attempt) {
        this.site = Objects.requireNonNull(site, "site");
        this.config = Objects.requireNonNull(config, "config");
        this.quarters = Objects.requireNonNull(quarters, "quarters");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.spark = spark;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.history = history;
        this.attempt = attempt;
        this.runId = Objects.requireNonNull(runId, "runId");
        this.run = run;
        this.base = base;
        this.landing = new RawLanding(site.storage(), runId, run::landed);
        this.tables = new TableStore(spark, site, runId, LakeCatalog.attemptBranch(runId, attempt.task(), attempt.number()),
                run::tables);
    }

    /**
     * A fresh view for attempt {@code number} of {@code task}, seeing the outputs of the tasks finished before it; its
     * tables are written on a branch of its own, so no other attempt's write can land where it writes.
     */
    public RunContext forTask(String task, int number) {
        return new RunContext(site, config, quarters, spark, runId, run, progress, base, clock, history,
                new Attempt(task, number));
    }

    /** {@link #forTask(String, int)} for a first attempt of a task run on its own (tests of single tasks). */
    public RunContext forTask() {
        return forTask(FIRST.task(), FIRST.number());
    }

    /** The same run keeping its history at {@code history} (null: the site's own SQLite file). */
    public RunContext withHistory(HistoryLocation history) {
        return new RunContext(site, config, quarters, spark, runId, run, progress, base, clock, history, attempt);
    }

    /** Where the run's history is kept: the site's own SQLite file unless the run was given another. */
    public HistoryLocation history() {
        return history != null ? history : new HistoryLocation.SqliteFile(site.historyFile());
    }

    /**
     * The published snapshot this run builds on: the one recorded when the run started, or, for a context made
     * without one, whatever is published now.
     */
    public Optional<Snapshot> base() {
        return base != null ? base : site.snapshots().current();
    }

    /** The same run seen with another clock (tests: what "now" is decides which quarters may exist yet). */
    public RunContext withClock(Clock clock) {
        return new RunContext(site, config, quarters, spark, runId, run, progress, base, clock, history, attempt);
    }

    /** The run's clock (system UTC unless a test set one). */
    public Clock clock() {
        return clock;
    }

    public RunConfig config() {
        return config;
    }

    /** The quarters this run processes: all by default, or a backfill's --from/--to. */
    public QuarterRange quarters() {
        return quarters;
    }

    public SparkSession spark() {
        return spark;
    }

    public LakeLayout layout() {
        return site.layout();
    }

    /** The lake's files (local or on S3). */
    public LakeStorage storage() {
        return site.storage();
    }

    /**
     * Opens the run's inputs for reading, local or on S3 (with the S3 settings of the lake's site, so an input bucket
     * is reached as the lake's is); the caller closes it.
     */
    public InputStorage inputs() {
        return InputStorage.open(site.s3());
    }

    /** The lake: its storage, run history file and locks. */
    public LakeSite site() {
        return site;
    }

    public String runId() {
        return runId;
    }

    /** Where tasks report progress (stderr; silent with --quiet). */
    public TaskProgress progress() {
        return progress;
    }

    public RawLanding landing() {
        return landing;
    }

    public TableStore tables() {
        return tables;
    }

    /** The outputs of the run's finished tasks. */
    public RunOutputs run() {
        return run;
    }

    /** What this view recorded: the tables it wrote, the files it landed, its counts and warnings. */
    public synchronized TaskOutputs ownOutputs() {
        return ownOutputs(TaskFigures.NONE);
    }

    /** {@link #ownOutputs()} with the figures the task returned. */
    public synchronized TaskOutputs ownOutputs(TaskFigures figures) {
        return new TaskOutputs(tables.ownTables(), landing.ownFiles(), quarantined, outsideRange, carriedOver,
                figures.asFacts(), warnings);
    }

    public synchronized void recordQuarantined(String source, long rows) {
        quarantined.merge(source, rows, Long::sum);
    }

    /** Rows landed but left out because their quarter is outside the run's range (a backfill). */
    public synchronized void recordOutsideRange(String source, long rows) {
        outsideRange.merge(source, rows, Long::sum);
    }

    /** Rows of a curated table a backfill kept from the published version (other quarters or institutions). */
    public synchronized void recordCarriedOver(String source, long rows) {
        carriedOver.merge(source, rows, Long::sum);
    }

    public synchronized Map<String, Long> carriedOver() {
        Map<String, Long> all = run.carriedOver();
        carriedOver.forEach((k, v) -> all.merge(k, v, Long::sum));
        return all;
    }

    public synchronized Map<String, Long> quarantined() {
        Map<String, Long> all = run.quarantined();
        quarantined.forEach((k, v) -> all.merge(k, v, Long::sum));
        return all;
    }

    public synchronized Map<String, Long> outsideRange() {
        Map<String, Long> all = run.outsideRange();
        outsideRange.forEach((k, v) -> all.merge(k, v, Long::sum));
        return all;
    }

    public synchronized void warn(String message) {
        warnings.add(message);
    }

    public synchronized List<String> warnings() {
        List<String> all = run.warnings();
        all.addAll(warnings);
        return all;
    }
}
