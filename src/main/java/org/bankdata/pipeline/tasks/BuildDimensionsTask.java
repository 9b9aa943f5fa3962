package org.bankdata.pipeline.tasks;

import static org.bankdata.catalog.CuratedTables.CONFORM_CONGLOMERATES;
import static org.bankdata.catalog.CuratedTables.CURATED_BANK_LIST;
import static org.bankdata.catalog.CuratedTables.CURATED_COMPLAINTS;
import static org.bankdata.catalog.CuratedTables.CURATED_SERVICE_FEES;
import static org.bankdata.catalog.StarTables.DIM_CATEGORY;
import static org.bankdata.catalog.StarTables.DIM_INSTITUTION;
import static org.bankdata.catalog.StarTables.DIM_INSTITUTION_NAME;
import static org.bankdata.catalog.StarTables.DIM_PERIOD;
import static org.bankdata.catalog.StarTables.DIM_SERVICE;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.bankdata.catalog.TableDef;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.pipeline.context.TableStore;
import org.bankdata.star.CategoryDimension;
import org.bankdata.star.InstitutionDimension;
import org.bankdata.star.PeriodDimension;
import org.bankdata.star.ServiceDimension;

/** build_dimensions: dim_institution, dim_institution_name, dim_period, dim_category and dim_service from the curated tables. */
public final class BuildDimensionsTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        TableStore tables = context.tables();
        Dataset<Row> complaints = tables.read(CURATED_COMPLAINTS);
        Map<TableDef, Dataset<Row>> dimensions = new LinkedHashMap<>();
        dimensions.put(DIM_INSTITUTION, InstitutionDimension.build(complaints, tables.read(CURATED_BANK_LIST),
                tables.read(CONFORM_CONGLOMERATES)));
        dimensions.put(DIM_PERIOD, PeriodDimension.build(complaints));
        dimensions.put(DIM_INSTITUTION_NAME, InstitutionDimension.names(complaints));
        dimensions.put(DIM_CATEGORY, CategoryDimension.build(complaints));
        dimensions.put(DIM_SERVICE, ServiceDimension.build(tables.read(CURATED_SERVICE_FEES)));
        return TaskResult.rows(tables.writeAll(dimensions));
    }
}
