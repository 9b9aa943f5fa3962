package org.bankdata.pipeline.tasks;

import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.TableDef;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.pipeline.RunContext;

/**
 * The lake's published version of a table, for a backfill to keep what lies outside its quarters. Read at
 * the time the task runs; the lake lock keeps another run from publishing meanwhile.
 */
final class Published {
    private Published() {
    }

    static Optional<Dataset<Row>> table(RunContext context, TableDef declared) {
        return new SnapshotStore(context.layout()).current()
                .map(snapshot -> snapshot.table(declared.name()))
                .map(PublishedTable::path)
                .map(path -> context.spark().read().parquet(context.layout().root().resolve(path).toUri().toString()));
    }
}
