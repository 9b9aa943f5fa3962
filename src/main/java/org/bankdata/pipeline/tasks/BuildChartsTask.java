package org.bankdata.pipeline.tasks;

import org.bankdata.config.QuarterRange;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.query.ChartQuery;

/** build_charts: runs the three chart queries with Spark over the whole loaded range. */
public final class BuildChartsTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        context.tables().registerViews("dim_institution", "fact_complaints", "fact_service_fee");
        long rows = 0;
        for (ChartQuery chart : ChartQuery.values()) {
            rows += context.tables().write(chart.table(), context.spark().sql(chart.sql(QuarterRange.ALL)));
        }
        return rows;
    }
}
