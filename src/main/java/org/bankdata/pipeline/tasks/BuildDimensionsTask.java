package org.bankdata.pipeline.tasks;

import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;
import org.bankdata.pipeline.TableStore;
import org.bankdata.star.CategoryDimension;
import org.bankdata.star.InstitutionDimension;
import org.bankdata.star.PeriodDimension;
import org.bankdata.star.ServiceDimension;

/** build_dimensions: dim_institution, dim_period, dim_category and dim_service from the curated tables. */
public final class BuildDimensionsTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        TableStore tables = context.tables();
        Dataset<Row> complaints = tables.read("curated_complaints");
        return tables.writeAll(Map.of(
                "dim_institution", InstitutionDimension.build(complaints, tables.read("curated_bank_list")),
                "dim_period", PeriodDimension.build(complaints),
                "dim_category", CategoryDimension.build(complaints),
                "dim_service", ServiceDimension.build(tables.read("curated_service_fees"))));
    }
}
