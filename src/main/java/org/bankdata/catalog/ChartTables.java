package org.bankdata.catalog;

import static org.bankdata.catalog.ColumnDef.required;
import static org.bankdata.catalog.ColumnType.BIGINT;
import static org.bankdata.catalog.ColumnType.DECIMAL_12_2;
import static org.bankdata.catalog.ColumnType.INT;
import static org.bankdata.catalog.ColumnType.STRING;
import static org.bankdata.catalog.TableCheck.references;

import java.util.List;

/**
 * The answers, as published tables (computed by {@code org.bankdata.query.ChartQuery}, one SQL text each,
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

    /**
     * {@code total_complaints} of {@code table} is its institution's sum over fact_complaints, summed again (in DuckDB,
     * in a type that cannot overflow): a sum that overflowed, or any other wrong total, differs and stops the run.
     */
    private static TableCheck sumsItsComplaints(String table) {
        return new TableCheck.SqlRule(table + ".total_complaints is the institution's sum of fact_complaints", TableCheck.Level.ERROR, """
                SELECT c.institution_name || ': ' || c.total_complaints || ' vs ' || f.s AS detail
                FROM %s c JOIN (SELECT institution_key, SUM(CAST(total_complaints AS HUGEINT)) AS s FROM %s
                GROUP BY institution_key) f ON f.institution_key = c.institution_key
                WHERE c.total_complaints <> f.s""".formatted(table, StarTables.FACT_COMPLAINTS_TABLE));
    }

    public static final TableDef TOP_COMPLAINTS = new TableDef("chart_top_complaints", TableDef.Layer.CHART,
            "one row per institution, at most " + TOP_N,
            "The " + TOP_N + " institutions with the most complaints summed over the loaded quarters.",
            List.of("institution_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME, TOTAL_COMPLAINTS),
            List.of(new TableCheck.MaxRows(TOP_N), references("institution_key", StarTables.DIM_INSTITUTION),
                    sumsItsComplaints("chart_top_complaints")));

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
            List.of(references("institution_key", StarTables.DIM_INSTITUTION), sumsItsComplaints("chart_services_vs_complaints")));

    /** Institutions the published complaints trend follows. */
    public static final int TREND_TOP = 5;

    /**
     * Fewest clients an institution needs for the published complaint-index ranking: the BCB's own line. Its
     * ranking files of 2020Q1–2020Q3 rank apart the group "Mais de quatro milhões de clientes" (more than four
     * million clients: in the bundled files its smallest member has 4,139,244 clients, the largest of the rest
     * 3,886,472); from 2020Q4 the headline group is the 10 (2021Q4: 15) institutions with the most clients, every
     * one of them above four million.
     */
    public static final long INDEX_MIN_CLIENTS = 4_000_000L;

    public static final TableDef COMPLAINTS_TREND = new TableDef("chart_complaints_trend", TableDef.Layer.CHART,
            "one row per institution and quarter, for the " + TREND_TOP + " institutions with the most complaints",
            "Complaints per quarter of the " + TREND_TOP + " institutions with the most complaints summed over the loaded"
                    + " quarters (the API and `report` take another number with `top`).",
            List.of("institution_key", "period_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME,
                    required("complaints_rank", INT, "1 for the institution with the most complaints over the quarters", "",
                            "derived"),
                    StarTables.FACT_COMPLAINTS.column("period_key"),
                    required("quarter", STRING, "the quarter, e.g. `2021Q1`", "", "dim_period `label`"),
                    required("total_complaints", BIGINT, "complaints in that quarter", "complaints",
                            "fact_complaints `total_complaints`")),
            List.of(references("institution_key", StarTables.DIM_INSTITUTION),
                    references("period_key", StarTables.DIM_PERIOD),
                    new TableCheck.SqlRule("the trend follows at most " + TREND_TOP + " institutions", TableCheck.Level.ERROR,
                            "SELECT 'institutions ' || COUNT(DISTINCT institution_key) AS detail FROM chart_complaints_trend"
                                    + " HAVING COUNT(DISTINCT institution_key) > " + TREND_TOP)));

    public static final TableDef COMPLAINT_INDEX = new TableDef("chart_complaint_index", TableDef.Layer.CHART,
            "one row per institution ranked in the latest loaded quarter",
            "The BCB's complaint index (regulated upheld complaints per million clients) of the latest loaded quarter,"
                    + " highest first, for institutions the BCB gives an index and with at least " + INDEX_MIN_CLIENTS
                    + " clients (the BCB's headline group; the API and `report` take another line with `min-clients`).",
            List.of("institution_key"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME,
                    StarTables.FACT_COMPLAINTS.column("period_key"),
                    required("category", STRING, "its ranking category that quarter, as published", "", "dim_category"),
                    required("index_rank", INT, "1 for the highest index among the institutions shown (ties share a rank)",
                            "", "derived"),
                    required("complaint_index", DECIMAL_12_2, "regulated upheld complaints per million clients, as the BCB"
                            + " publishes it", "complaints per million clients", "fact_complaints `complaint_index`"),
                    StarTables.FACT_COMPLAINTS.column("regulated_upheld"),
                    StarTables.FACT_COMPLAINTS.column("clients_total")),
            List.of(references("institution_key", StarTables.DIM_INSTITUTION),
                    new TableCheck.SqlRule("ranked institutions have at least " + INDEX_MIN_CLIENTS + " clients",
                            TableCheck.Level.ERROR, "SELECT institution_name || ' has ' || clients_total || ' clients' AS detail"
                            + " FROM chart_complaint_index WHERE clients_total < " + INDEX_MIN_CLIENTS)));

    public static final TableDef SERVICE_FEE = new TableDef("chart_service_fee", TableDef.Layer.CHART,
            "one row per institution and person type offering the service",
            "The current fee (latest `valid_from` per person type) of the service the most institutions offer, at every"
                    + " institution in the ranking that offers it: highest first (fees in BRL, then percentages). A"
                    + " conglomerate's fee is its main bank's; a main bank represented by its ranked conglomerate is left"
                    + " out (one row per schedule). The API and `report` take another service with `service`.",
            List.of("institution_key", "person_type"), List.of(BUILD_CHARTS),
            List.of(INSTITUTION_KEY, INSTITUTION_NAME,
                    StarTables.DIM_SERVICE.column("service_code"),
                    StarTables.DIM_SERVICE.column("service_name"),
                    StarTables.FACT_SERVICE_FEE.column("person_type"),
                    StarTables.FACT_SERVICE_FEE.column("fee_type"),
                    StarTables.FACT_SERVICE_FEE.column("max_fee"),
                    StarTables.FACT_SERVICE_FEE.column("periodicity"),
                    StarTables.FACT_SERVICE_FEE.column("valid_from")),
            List.of(references("institution_key", StarTables.DIM_INSTITUTION),
                    new TableCheck.SqlRule("one service", TableCheck.Level.ERROR,
                            "SELECT 'services ' || COUNT(DISTINCT service_code) AS detail FROM chart_service_fee"
                                    + " HAVING COUNT(DISTINCT service_code) > 1")));

    public static final List<TableDef> ALL = List.of(TOP_COMPLAINTS, TOP_FREE_SERVICES, SERVICES_VS_COMPLAINTS,
            COMPLAINTS_TREND, COMPLAINT_INDEX, SERVICE_FEE);

    private ChartTables() {
    }
}
