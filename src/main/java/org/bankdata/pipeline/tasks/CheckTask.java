package org.bankdata.pipeline.tasks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.errors.BadInputException;
import org.bankdata.catalog.TableCheck;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.errors.QualityCheckException;
import org.bankdata.lake.LocalTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.RawFile;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.quality.Check;
import org.bankdata.quality.CheckResult;
import org.bankdata.quality.CheckRunner;
import org.bankdata.quality.StarSchemaChecks;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.ChartReport;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.OverflowedSum;
import org.bankdata.query.QueryResult;

/**
 * check: every rule the table catalog declares ({@link StarSchemaChecks}) over the Parquet files this run wrote,
 * plus the raw-to-curated reconciliation (each landed row is either curated or quarantined), and the quarantine
 * limit ({@code --max-quarantined}) per source. Any error stops the run before publish; warnings (rows
 * quarantined within the limit, WARN checks) go into the run summary and make the run "succeeded with warnings".
 */
public final class CheckTask implements PipelineTask {
    /** Raw source → the curated table its landed rows reconcile with (the tables' declared LandedRows checks). */
    private static final Map<String, String> CURATED_BY_SOURCE = curatedBySource();

    @Override
    public TaskResult run(RunContext context) {
        List<String> errors = new ArrayList<>();
        List<CheckResult> results;
        try (LocalTables local = LocalTables.of(context.site(), context.tables().written().values());
                LakeQueryEngine engine = LakeQueryEngine.openTables(local.layout(), context.tables().written().values())) {
            limitQuarantine(context, engine);
            results = CheckRunner.run(engine, StarSchemaChecks.all());
            errors.addAll(answersCompute(engine));
        }
        for (CheckResult result : results) {
            if (!result.passed()) {
                if (result.check().severity() == Check.Severity.ERROR) {
                    errors.add(result.describe());
                } else {
                    context.warn(result.describe());
                }
            }
        }
        errors.addAll(reconcileRawRows(context));
        if (!errors.isEmpty()) {
            throw new QualityCheckException("the built tables failed " + errors.size() + " check(s), nothing was published: "
                    + String.join("; ", errors));
        }
        return new TaskResult(0, new CheckFigures(results.size()));
    }

    /**
     * The answers computed as {@code report} and the dashboard compute them, in DuckDB, over the tables built: an answer
     * that cannot be computed (e.g. a sum beyond BIGINT) stops the run here, before publish, not in the report after it.
     */
    private static List<String> answersCompute(LakeQueryEngine engine) {
        try {
            ChartReport.of(engine, QuarterRange.ALL);
            for (ChartQuery chart : ChartQuery.values()) {
                engine.query(chart.sql(QuarterRange.ALL));
            }
            return List.of();
        } catch (BadInputException e) {
            return List.of("the answers cannot be computed from them: " + (e.getMessage().equals(OverflowedSum.MESSAGE)
                    ? "a sum of counts is too large for a 64-bit integer" : e.getMessage()));
        }
    }

    /** The figure of the check: how many checks ran (it writes no table). */
    record CheckFigures(int checks) implements TaskFigures {
        @Override
        public Map<String, Object> asFacts() {
            return Map.of("checks_run", checks);
        }
    }

    /**
     * Per source with rejected rows: above the run's {@link QuarantineLimit} the run stops here, before publish,
     * naming the first rejected rows; at or below it, one warning naming them (the run then succeeds with warnings).
     */
    private static void limitQuarantine(RunContext context, LakeQueryEngine engine) {
        QueryResult rows = engine.query("""
                SELECT source, count(*) OVER (PARTITION BY source) AS n, file || ':' || line || ': ' || reason AS what
                FROM quarantine QUALIFY row_number() OVER (PARTITION BY source ORDER BY file, line) <= 3
                ORDER BY source, file, line""");
        Map<String, List<String>> examples = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (List<Object> row : rows.rows()) {
            examples.computeIfAbsent((String) row.get(0), k -> new ArrayList<>()).add((String) row.get(2));
            counts.put((String) row.get(0), ((Number) row.get(1)).longValue());
        }
        QuarantineLimit limit = context.config().maxQuarantined();
        List<String> above = new ArrayList<>();
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            String source = count.getKey();
            long sourceRows = context.landing().landed().stream().filter(f -> f.source().equals(source))
                    .mapToLong(RawFile::rows).sum();
            long allowed = limit.allowed(sourceRows);
            if (count.getValue() > allowed) {
                above.add(source + ": " + count.getValue() + " of " + sourceRows + " row(s) quarantined, more than the limit of "
                        + allowed + " (--max-quarantined " + limit + ": " + limit.describe() + "); the first is "
                        + examples.get(source).get(0));
            } else {
                context.warn(count.getValue() + " " + source + " row(s) quarantined and left out of " + sourceRows + " (limit "
                        + allowed + "; see `bankdata query \"SELECT * FROM quarantine\"`), e.g. "
                        + String.join(" | ", examples.get(source)));
            }
        }
        if (!above.isEmpty()) {
            throw new BadInputException(String.join("; ", above) + ". Fix the input, or accept the loss with e.g."
                    + " --max-quarantined " + counts.values().stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }

    private static Map<String, String> curatedBySource() {
        Map<String, String> bySource = new LinkedHashMap<>();
        for (TableDef table : Tables.all()) {
            table.checks().stream().filter(TableCheck.LandedRows.class::isInstance).map(TableCheck.LandedRows.class::cast)
                    .forEach(landed -> bySource.put(landed.source(), table.name()));
        }
        return bySource;
    }

    private static List<String> reconcileRawRows(RunContext context) {
        List<String> errors = new ArrayList<>();
        Map<String, PublishedTable> written = context.tables().written();
        Map<String, Long> quarantined = context.quarantined();
        Map<String, Long> outside = context.outsideRange();
        Map<String, Long> carried = context.carriedOver();
        for (Map.Entry<String, String> source : CURATED_BY_SOURCE.entrySet()) {
            long raw = context.landing().landed().stream().filter(f -> f.source().equals(source.getKey()))
                    .mapToLong(RawFile::rows).sum();
            long curated = written.get(source.getValue()).rows() - carried.getOrDefault(source.getKey(), 0L);
            long rejected = quarantined.getOrDefault(source.getKey(), 0L);
            long skipped = outside.getOrDefault(source.getKey(), 0L);
            if (raw != curated + rejected + skipped || skipped < 0) {
                errors.add(source.getKey() + ": " + raw + " rows landed but " + curated + " curated + " + rejected
                        + " quarantined" + (skipped != 0 ? " + " + skipped + " outside the run's quarters" : ""));
            }
        }
        return errors;
    }
}
