package org.bankdata.pipeline.tasks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.StarTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.config.QuarterRange;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.query.ChartQuery;

/** build_charts: runs every chart query with Spark over the whole loaded range. */
public final class BuildChartsTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        context.tables().registerViews(StarTables.DIM_INSTITUTION, StarTables.DIM_PERIOD, StarTables.DIM_CATEGORY,
                StarTables.DIM_SERVICE, StarTables.FACT_COMPLAINTS, StarTables.FACT_SERVICE_FEE);
        Map<TableDef, Dataset<Row>> charts = new LinkedHashMap<>();
        for (ChartQuery chart : ChartQuery.values()) {
            charts.put(chart.declaration(), context.spark().sql(chart.sql(QuarterRange.ALL)));
        }
        return TaskResult.rows(context.tables().writeAll(charts));
    }
}
