package org.bankdata.pipeline.tasks;

import static org.bankdata.catalog.CuratedTables.CONFORM_CONGLOMERATES;
import static org.bankdata.catalog.CuratedTables.CURATED_COMPLAINTS;
import static org.bankdata.catalog.CuratedTables.CURATED_SERVICE_FEES;
import static org.bankdata.catalog.StarTables.FACT_COMPLAINTS;
import static org.bankdata.catalog.StarTables.FACT_SERVICE_FEE;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.TableDef;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.pipeline.context.TableStore;
import org.bankdata.star.ComplaintsFact;
import org.bankdata.star.ServiceFeeFact;

/** build_facts: fact_complaints and fact_service_fee from the curated tables. */
public final class BuildFactsTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        TableStore tables = context.tables();
        Map<TableDef, Dataset<Row>> facts = new LinkedHashMap<>();
        Dataset<Row> complaints = tables.read(CURATED_COMPLAINTS);
        facts.put(FACT_COMPLAINTS, ComplaintsFact.build(complaints));
        facts.put(FACT_SERVICE_FEE, ServiceFeeFact.build(tables.read(CURATED_SERVICE_FEES), complaints,
                tables.read(CONFORM_CONGLOMERATES)));
        return TaskResult.rows(tables.writeAll(facts));
    }
}
