package org.bankdata.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.expressions.Expressions;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.PublishedTable;
import org.bankdata.pipeline.context.TaskOutputs;

/** Gives a run that reuses another run's extraction that extraction's quarantine parts, on its own branch. */
final class QuarantineCopy {
    private QuarantineCopy() {
    }

    /**
     * The quarantine table has a part per source: a new run that reuses another run's extraction gets that part on
     * its own branch of the table (the same data files, not copied), so its quarantine table stays whole.
     */
    static TaskOutputs into(LakeSite site, String runId, TaskOutputs outputs) {
        String name = CuratedTables.QUARANTINE.name();
        String column = CuratedTables.QUARANTINE.partition().orElseThrow().name();
        PublishedTable quarantine = outputs.tables().get(name);
        if (quarantine == null || quarantine.runId().equals(runId)) {
            return outputs;
        }
        LakeCatalog catalog = site.icebergCatalog();
        List<String> files = new ArrayList<>();
        long snapshot = quarantine.snapshotId();
        for (String source : outputs.quarantined().keySet()) {
            snapshot = catalog.copyPart(name, quarantine.snapshotId(), column, source, runId).snapshotId();
            files.addAll(catalog.files(name, snapshot, Expressions.equal(column, source)));
        }
        Map<String, PublishedTable> tables = new LinkedHashMap<>(outputs.tables());
        tables.put(name, new PublishedTable(name, quarantine.path(), quarantine.rows(), runId, snapshot, files));
        return new TaskOutputs(tables, outputs.landed(), outputs.quarantined(), outputs.outsideRange(), outputs.carriedOver(),
                outputs.facts(), outputs.warnings());
    }
}
