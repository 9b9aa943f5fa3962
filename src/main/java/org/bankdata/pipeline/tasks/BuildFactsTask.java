package org.bankdata.pipeline.tasks;

import java.util.Map;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.pipeline.TableStore;
import org.bankdata.star.ComplaintsFact;
import org.bankdata.star.ServiceFeeFact;

/** build_facts: fact_complaints and fact_service_fee from the curated tables. */
public final class BuildFactsTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        TableStore tables = context.tables();
        return tables.writeAll(Map.of(
                "fact_complaints", ComplaintsFact.build(tables.read("curated_complaints")),
                "fact_service_fee", ServiceFeeFact.build(tables.read("curated_service_fees"))));
    }
}
