package org.bankdata.pipeline.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bankdata.errors.QualityCheckException;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.RawFile;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.quality.Check;
import org.bankdata.quality.CheckResult;
import org.bankdata.quality.CheckRunner;
import org.bankdata.quality.StarSchemaChecks;
import org.bankdata.query.LakeQueryEngine;

/**
 * check: every rule of {@link StarSchemaChecks} over the Parquet files this run wrote, plus the raw-to-curated
 * reconciliation (each landed row is either curated or quarantined). Any error stops the run before
 * publish; warnings go into the run summary.
 */
public final class CheckTask implements PipelineTask {
    private static final Map<String, String> CURATED_BY_SOURCE = Map.of(
            "complaints", "curated_complaints", "banks", "curated_bank_list", "fees", "curated_service_fees");

    @Override
    public long run(RunContext context) {
        List<String> errors = new ArrayList<>();
        List<CheckResult> results;
        try (LakeQueryEngine engine = LakeQueryEngine.openTables(context.layout(), context.tables().written().values())) {
            results = CheckRunner.run(engine, StarSchemaChecks.all());
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
        return results.size();
    }

    private static List<String> reconcileRawRows(RunContext context) {
        List<String> errors = new ArrayList<>();
        Map<String, PublishedTable> written = context.tables().written();
        Map<String, Long> quarantined = context.quarantined();
        for (Map.Entry<String, String> source : CURATED_BY_SOURCE.entrySet()) {
            long raw = context.landing().landed().stream().filter(f -> f.source().equals(source.getKey()))
                    .mapToLong(RawFile::rows).sum();
            long curated = written.get(source.getValue()).rows();
            long rejected = quarantined.getOrDefault(source.getKey(), 0L);
            if (raw != curated + rejected) {
                errors.add(source.getKey() + ": " + raw + " rows landed but " + curated + " curated + " + rejected
                        + " quarantined");
            }
            if (rejected > 0) {
                context.warn(rejected + " " + source.getKey() + " row(s) quarantined; see table quarantine");
            }
        }
        return errors;
    }
}
