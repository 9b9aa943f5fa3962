package org.bankdata.pipeline.tasks;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.TableDef;
import org.bankdata.pipeline.context.RunContext;

/**
 * The version of a table in the snapshot the run builds on, for a backfill to keep what lies outside its
 * quarters. Another run may publish meanwhile: the publish's compare-and-swap then makes this run rebuild
 * on the newer snapshot (see {@code PipelineLauncher}).
 */
final class Published {
    private Published() {
    }

    static Optional<Dataset<Row>> table(RunContext context, TableDef declared) {
        return context.base()
                .map(snapshot -> snapshot.table(declared.name()))
                .map(published -> context.tables().readReleased(declared, published));
    }
}
