package org.bankdata.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.BankdataException;
import org.bankdata.lake.Releases;
import org.slf4j.LoggerFactory;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import java.time.Instant;
import org.bankdata.errors.LakeException;
import org.bankdata.history.HistoryLocation;
import org.bankdata.history.HistoryStore;
import org.bankdata.history.RunHistory;
import org.bankdata.lake.LakeSite;
import org.bankdata.history.RunRecord;
import org.bankdata.history.TaskRun;
import org.bankdata.pipeline.RunParameters;
import org.bankdata.query.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bankdata runs}: the run history of the lake, newest first; {@code runs show <id>}: one run task by task. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs recorded in <lake>/runs/history.db, newest first. Column release: the run's release is"
                + " the published one (current), an earlier one still kept (readable: query/report --as-of RUN_ID read it)"
                + " or expired (bankdata expire removed it); empty for a run that published nothing.",
        subcommands = RunsCommand.Show.class)
public final class RunsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LakeOption lake;

    @Mixin
    HistoryOption history;

    @Mixin
    FormatOption output;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be at least 1, got " + limit);
        }
        List<List<Object>> rows = new ArrayList<>();
        try (RunHistory runs = open(lake, history)) {
            Map<String, String> releases = releases();
            for (RunRecord r : runs.runs(limit)) {
                rows.add(Arrays.asList(r.runId(), r.displayState(), r.startedAt().toString(), seconds(r),
                        r.driver(), r.attempts(), quarters(r), r.warnings().size(), releases.get(r.runId()), r.error()));
            }
        }
        ResultPrinter.print(new QueryResult(List.of("run_id", "state", "started_at", "seconds", "driver", "attempts", "quarters",
                "warnings", "release", "error"), rows), output.format, spec.commandLine().getOut());
        return 0;
    }

    /**
     * Each release's state by run ({@code current}, {@code readable}, {@code expired}); empty when nothing is published,
     * the lake is of the earlier layout (`bankdata migrate` converts it) or the lake's catalog cannot be opened (the runs are listed all the same, the reason is logged).
     */
    private Map<String, String> releases() {
        Map<String, String> states = new HashMap<>();
        try (LakeSite opened = lake.open()) {
            LakeSite site = HistoryStore.withLocksOf(opened, history.given());
            // nothing published, or a lake of the earlier layout (no catalog yet): no release to show, and listing runs
            // must not make a catalog
            if (site.snapshots().currentAsStored().filter(c -> c.tables().values().stream()
                    .noneMatch(t -> t.isEarlierLayout())).isPresent()) {
                new Releases(site).list().forEach(r -> states.put(r.runId(), r.state()));
            }
        } catch (BankdataException | org.apache.iceberg.exceptions.NoSuchTableException e) {
            LoggerFactory.getLogger(RunsCommand.class).warn("which releases can be read is not known: {}", e.getMessage());
        }
        return states;
    }

    /** The lake's history, with runs whose process is gone marked failed (when the lake can be written). */
    static RunHistory open(LakeOption lake, HistoryOption history) {
        try (LakeSite site = lake.open()) {
            HistoryLocation location = HistoryStore.location(site, history.given());
            String lakeName = HistoryStore.lakeOf(site);
            try {
                // runs whose process is gone are marked failed first, when the lake can be written
                RunHistory.openExisting(location, lakeName).ifPresent(writable -> {
                    try (writable) {
                        writable.markInterrupted(Instant.now(), HistoryStore.locks(site, location)::isHeld);
                    }
                });
            } catch (LakeException readOnly) {
                if (location instanceof HistoryLocation.Postgres) {
                    throw readOnly;
                }
                // a lake we may only read: the runs are listed as recorded
            }
            return RunHistory.openForReading(location, lakeName).orElseThrow(() -> new UsageException("no run is recorded in"
                    + " lake " + lake.lake + (history.given() == null ? "" : " in " + location.describe()) + " yet; run"
                    + " `bankdata run --lake " + lake.lake + "` first"));
        }
    }

    private static Object seconds(RunRecord r) {
        return r.endedAt() == null ? null
                : String.format(Locale.ROOT, "%.1f", java.time.Duration.between(r.startedAt(), r.endedAt()).toMillis() / 1000.0);
    }

    private static String quarters(RunRecord r) {
        try {
            return RunParameters.fromJson(r.paramsJson()).quarters().toString();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** {@code bankdata runs show <id>}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show one run: its parameters, its warnings, and each task with its state, attempts, duration, rows"
                    + " and error.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        LakeOption lake;

        @Mixin
        HistoryOption history;

        @Mixin
        FormatOption output;

        @Parameters(paramLabel = "RUN_ID", description = "A run id from `bankdata runs`.")
        String runId;

        @Override
        public Integer call() {
            try (RunHistory runs = open(lake, history)) {
                RunRecord run = runs.run(runId).orElseThrow(() -> new UsageException("no run " + runId + " in "
                        + runs.describe() + "; `bankdata runs` lists the runs"));
                List<List<Object>> rows = new ArrayList<>();
                for (TaskRun t : runs.tasks(runId)) {
                    rows.add(Arrays.asList(t.task(), t.state(), t.attempts(),
                            t.seconds() == null ? null : String.format(Locale.ROOT, "%.2f", t.seconds()),
                            t.rowsIn(), t.rowsOut(), t.error()));
                }
                var out = spec.commandLine().getOut();
                if (output.format == OutputFormat.table) {
                    out.println("run " + run.runId() + ": " + run.displayState() + " (" + run.driver() + ", " + run.attempts()
                            + " attempt(s)), started " + run.startedAt() + (run.endedAt() == null ? "" : ", ended " + run.endedAt()));
                    out.println("parameters " + Redaction.redact(run.paramsJson()));
                    if (run.error() != null) {
                        out.println("error: " + run.error());
                    }
                    run.warnings().forEach(w -> out.println("warning: " + w));
                    out.println();
                }
                ResultPrinter.print(new QueryResult(List.of("task", "state", "attempts", "seconds", "rows_in", "rows_out",
                        "error"), rows), output.format, out);
            }
            return 0;
        }
    }
}
