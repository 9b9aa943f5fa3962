package org.bankdata.catalog;

import static org.bankdata.catalog.ColumnDef.required;
import static org.bankdata.catalog.ColumnType.BIGINT;
import static org.bankdata.catalog.ColumnType.STRING;
import static org.bankdata.catalog.TableCheck.references;

import java.util.List;

/**
 * The three answers, as published tables (computed by {@code org.bankdata.query.ChartQuery}, one SQL text each,
 * that Spark runs to publish them and DuckDB runs for a quarter range). Ties are ordered by institution name.
 */
public final class ChartTables {
    /** Rows in the published top-N tables. */
    public static final int TOP_N = 10;
    private static final String BUILD_CHARTS = "build_charts";

    private static final ColumnDef INSTITUTION_KEY =
            StarTables.INSTITUTION_KEY.describedAs("the institution (dim_institution)", "dim_institution");
    private static final ColumnDef INSTITUTION_NAME =
            required("institution_name", STRING, "the institution's name", "", "dim_institution `name`");
    private static final ColumnDef TOTAL_COMPLAINTS = required("total_complaints", BIGINT,
            "complaints summed over the loaded quarters", "complaints",
            "fact_complaints `total_complaints`");

    public static final TableDef TOP_COMPLAINTS = new TableDef("chart_top_complaints", TableDef.Layer.CHART,
            "one row per institution, at most " + TOP_N,
            "The " + TOP_N + " institutions with the most complaints summed over the loaded quarters.",
            List.of("institution_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME, TOTAL_COMPLAINTS),
            List.of(new TableCheck.MaxRows(TOP_N), references("institution_key", StarTables.DIM_INSTITUTION)));

    public static final TableDef TOP_FREE_SERVICES = new TableDef("chart_top_free_services", TableDef.Layer.CHART,
            "one row per institution, at most " + TOP_N,
            "The " + TOP_N + " institutions with the most distinct services whose current max fee is 0 (current: the most"
                    + " recent `valid_from` of that service and person type).",
            List.of("institution_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME,
                    required("free_services", BIGINT, "distinct services whose current max fee is 0", "services",
                            "fact_service_fee")),
            List.of(new TableCheck.MaxRows(TOP_N), references("institution_key", StarTables.DIM_INSTITUTION)));

    public static final TableDef SERVICES_VS_COMPLAINTS = new TableDef("chart_services_vs_complaints", TableDef.Layer.CHART,
            "one row per institution with both fees and complaints",
            "Every institution with both fees and complaints: distinct services offered vs summed complaints.",
            List.of("institution_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME,
                    required("services", BIGINT, "distinct services in its fee schedules", "services", "fact_service_fee"),
                    TOTAL_COMPLAINTS),
            List.of(references("institution_key", StarTables.DIM_INSTITUTION)));

    public static final List<TableDef> ALL = List.of(TOP_COMPLAINTS, TOP_FREE_SERVICES, SERVICES_VS_COMPLAINTS);

    private ChartTables() {
    }
}
