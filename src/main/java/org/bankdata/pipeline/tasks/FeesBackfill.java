package org.bankdata.pipeline.tasks;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.pipeline.context.RunContext;

/**
 * Fees in a backfill: a backfill fetches the fee schedules of the institutions ranked in its quarters; the
 * published schedules of every other institution are kept, so a later backfill adds to them.
 */
final class FeesBackfill {
    private FeesBackfill() {
    }

    static long write(RunContext context, Dataset<Row> fetched, List<String> cnpjs) {
        Column fetchedNow = col("cnpj8").isin(cnpjs.toArray());
        Optional<Dataset<Row>> kept = Published.table(context, CuratedTables.CURATED_SERVICE_FEES).map(p -> p.filter(not(fetchedNow)));
        long keptRows = kept.map(Dataset::count).orElse(0L);
        Column[] columns = Arrays.stream(fetched.columns()).map(c -> col(c)).toArray(Column[]::new);
        long rows = context.tables().write(CuratedTables.CURATED_SERVICE_FEES,
                kept.map(k -> fetched.unionByName(k.select(columns))).orElse(fetched));
        context.recordCarriedOver(FeesExtractor.SOURCE, keptRows);
        return rows;
    }
}
