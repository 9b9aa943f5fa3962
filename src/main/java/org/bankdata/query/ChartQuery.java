package org.bankdata.query;

import java.util.Arrays;
import java.util.Locale;
import org.bankdata.catalog.ChartTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.config.QuarterRange;

/**
 * The questions bankdata answers, as SQL over the star schema: the three answers of a run, then the complaints
 * trend of the institutions with the most complaints, the complaint-index ranking and one service's fee across
 * institutions. The same text runs in Spark (to
 * publish the chart_* tables) and in DuckDB (to answer with a quarter range), so there is one definition
 * of each answer. Ties are ordered by institution name. With a quarter range, complaints are summed
 * over those quarters and only institutions ranked in them are considered (fees have no quarter). An
 * {@link InstitutionFilter} narrows every answer to one institution type and/or segment.
 */
public enum ChartQuery {
    TOP_COMPLAINTS(ChartTables.TOP_COMPLAINTS, "top-complaints", "Institutions with the most complaints", """
            SELECT i.institution_key, i.name AS institution_name, CAST(SUM(f.total_complaints) AS BIGINT) AS total_complaints
            FROM fact_complaints f
            JOIN dim_institution i ON i.institution_key = f.institution_key%4$s
            WHERE f.period_key BETWEEN %1$d AND %2$d
            GROUP BY i.institution_key, i.name
            ORDER BY total_complaints DESC, institution_name, i.institution_key
            %3$s"""),
    TOP_FREE_SERVICES(ChartTables.TOP_FREE_SERVICES, "top-free-services", "Institutions with the most free services", """
            WITH current_fee AS (
              SELECT institution_key, service_key, max_fee,
                     ROW_NUMBER() OVER (PARTITION BY institution_key, service_key, person_type ORDER BY valid_from DESC) AS rn
              FROM fact_service_fee
            ), ranked AS (
              SELECT DISTINCT institution_key FROM fact_complaints WHERE period_key BETWEEN %1$d AND %2$d
            ), %5$s
            SELECT i.institution_key, i.name AS institution_name, CAST(COUNT(DISTINCT c.service_key) AS BIGINT) AS free_services
            FROM current_fee c
            JOIN ranked r ON r.institution_key = c.institution_key
            JOIN dim_institution i ON i.institution_key = c.institution_key%4$s
            WHERE c.rn = 1 AND c.max_fee = 0
              AND c.institution_key NOT IN (SELECT institution_key FROM represented)
            GROUP BY i.institution_key, i.name
            ORDER BY free_services DESC, institution_name, i.institution_key
            %3$s"""),
    SERVICES_VS_COMPLAINTS(ChartTables.SERVICES_VS_COMPLAINTS, "services-vs-complaints",
            "Services offered vs complaints", """
            WITH services AS (
              SELECT institution_key, COUNT(DISTINCT service_key) AS services
              FROM fact_service_fee GROUP BY institution_key
            ), complaints AS (
              SELECT institution_key, SUM(total_complaints) AS total_complaints
              FROM fact_complaints WHERE period_key BETWEEN %1$d AND %2$d GROUP BY institution_key
            ), %5$s
            SELECT i.institution_key, i.name AS institution_name, CAST(s.services AS BIGINT) AS services,
                   CAST(c.total_complaints AS BIGINT) AS total_complaints
            FROM services s
            JOIN complaints c ON c.institution_key = s.institution_key
            JOIN dim_institution i ON i.institution_key = s.institution_key%4$s
            WHERE s.institution_key NOT IN (SELECT institution_key FROM represented)
            ORDER BY institution_name, i.institution_key
            %3$s"""),
    COMPLAINTS_TREND(ChartTables.COMPLAINTS_TREND, "complaints-trend", "Complaints per quarter, institutions with the most",
            ChartParameter.number("top", "how many institutions (those with the most complaints over the quarters)",
                    ChartTables.TREND_TOP, 1, 50), """
            WITH totals AS (
              SELECT i.institution_key, i.name AS institution_name, SUM(f.total_complaints) AS range_complaints
              FROM fact_complaints f
              JOIN dim_institution i ON i.institution_key = f.institution_key%4$s
              WHERE f.period_key BETWEEN %1$d AND %2$d
              GROUP BY i.institution_key, i.name
            ), top AS (
              SELECT institution_key, institution_name,
                     ROW_NUMBER() OVER (ORDER BY range_complaints DESC, institution_name, institution_key) AS complaints_rank
              FROM totals
            )
            SELECT t.institution_key, t.institution_name, CAST(t.complaints_rank AS INT) AS complaints_rank, f.period_key,
                   p.label AS quarter, CAST(f.total_complaints AS BIGINT) AS total_complaints
            FROM top t
            JOIN fact_complaints f ON f.institution_key = t.institution_key
            JOIN dim_period p ON p.period_key = f.period_key
            WHERE t.complaints_rank <= %6$s AND f.period_key BETWEEN %1$d AND %2$d
            ORDER BY complaints_rank, f.period_key
            %3$s"""),
    COMPLAINT_INDEX(ChartTables.COMPLAINT_INDEX, "complaint-index", "Complaint index ranking (complaints per million clients)",
            ChartParameter.number("min-clients", "the fewest clients (CCS and SCR) an institution needs to be ranked",
                    ChartTables.INDEX_MIN_CLIENTS, 0, 1_000_000_000L), """
            WITH latest AS (
              SELECT MAX(period_key) AS period_key FROM fact_complaints WHERE period_key BETWEEN %1$d AND %2$d
            ), eligible AS (
              SELECT i.institution_key, i.name AS institution_name, f.period_key, c.category, f.complaint_index,
                     f.regulated_upheld, f.clients_total
              FROM fact_complaints f
              JOIN latest l ON l.period_key = f.period_key
              JOIN dim_category c ON c.category_key = f.category_key
              JOIN dim_institution i ON i.institution_key = f.institution_key%4$s
              WHERE f.complaint_index IS NOT NULL AND f.clients_total >= %6$s
            )
            SELECT institution_key, institution_name, period_key, category,
                   CAST(RANK() OVER (ORDER BY complaint_index DESC) AS INT) AS index_rank, complaint_index,
                   CAST(regulated_upheld AS BIGINT) AS regulated_upheld, CAST(clients_total AS BIGINT) AS clients_total
            FROM eligible
            ORDER BY index_rank, institution_name, institution_key
            %3$s"""),
    SERVICE_FEE(ChartTables.SERVICE_FEE, "service-fee", "One service's fee across institutions",
            ChartParameter.serviceCode("service", "the service code, e.g. 0101; by default the service the most"
                    + " institutions offer"), """
            WITH current_fee AS (
              SELECT institution_key, service_key, person_type, valid_from, max_fee, fee_type, periodicity,
                     ROW_NUMBER() OVER (PARTITION BY institution_key, service_key, person_type ORDER BY valid_from DESC) AS rn
              FROM fact_service_fee
            ), %5$s, offered AS (
              SELECT s.service_key, s.service_code, s.service_name, COUNT(DISTINCT c.institution_key) AS institutions
              FROM current_fee c
              JOIN dim_service s ON s.service_key = c.service_key
              WHERE c.rn = 1 AND %6$s AND c.institution_key NOT IN (SELECT institution_key FROM represented)
              GROUP BY s.service_key, s.service_code, s.service_name
            ), chosen AS (
              SELECT service_key, service_code, service_name FROM offered ORDER BY institutions DESC, service_code LIMIT 1
            ), ranked AS (
              SELECT DISTINCT institution_key FROM fact_complaints WHERE period_key BETWEEN %1$d AND %2$d
            )
            SELECT i.institution_key, i.name AS institution_name, ch.service_code, ch.service_name, c.person_type,
                   c.fee_type, c.max_fee, c.periodicity, c.valid_from
            FROM current_fee c
            JOIN chosen ch ON ch.service_key = c.service_key
            JOIN ranked r ON r.institution_key = c.institution_key
            JOIN dim_institution i ON i.institution_key = c.institution_key%4$s
            WHERE c.rn = 1 AND c.institution_key NOT IN (SELECT institution_key FROM represented)
            ORDER BY c.fee_type DESC, c.max_fee DESC, institution_name, i.institution_key, c.person_type
            %3$s""");

    /** Rows in the published top-N tables. */
    public static final int TOP_N = ChartTables.TOP_N;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private final TableDef table;
    private final String slug;
    private final String title;
    private final String template;
    private final ChartParameter parameter;

    ChartQuery(TableDef table, String slug, String title, String template) {
        this(table, slug, title, null, template);
    }

    ChartQuery(TableDef table, String slug, String title, ChartParameter parameter, String template) {
        this.table = table;
        this.slug = slug;
        this.title = title;
        this.parameter = parameter;
        this.template = template;
    }

    /** The question's own setting (top N, minimum clients, service), if it has one. */
    public java.util.Optional<ChartParameter> parameter() {
        return java.util.Optional.ofNullable(parameter);
    }

    public String table() {
        return table.name();
    }

    /** The published table this query fills. */
    public TableDef declaration() {
        return table;
    }

    /** Short name used in URLs and JSON keys, e.g. {@code top-complaints}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** The default row limit: top 10 for the two rankings, every row for the others. */
    public int defaultLimit() {
        return this == TOP_COMPLAINTS || this == TOP_FREE_SERVICES ? TOP_N : UNLIMITED;
    }

    public String sql(QuarterRange range) {
        return sql(range, defaultLimit());
    }

    public String sql(QuarterRange range, int limit) {
        return sql(range, limit, InstitutionFilter.NONE);
    }

    /** The answer for {@code range}, only institutions matching {@code filter}, at most {@code limit} rows. */
    public String sql(QuarterRange range, int limit, InstitutionFilter filter) {
        return sql(range, limit, filter, null);
    }

    /**
     * Like {@link #sql(QuarterRange, int, InstitutionFilter)}, with the question's {@link #parameter()} set to
     * {@code parameterValue} (null: its default; ignored by a question without one).
     */
    public String sql(QuarterRange range, int limit, InstitutionFilter filter, String parameterValue) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return String.format(Locale.ROOT, template, range.fromKey(), range.toKey(), limit == UNLIMITED ? "" : "LIMIT " + limit,
                filter.joinCondition("i"), String.format(Locale.ROOT, REPRESENTED, range.fromKey(), range.toKey()),
                parameter == null ? "" : parameter.sql(parameterValue));
    }

    /**
     * The fee charts' rule against counting one fee schedule twice: a bank whose schedule is also a conglomerate's
     * (dim_institution {@code fee_cnpj8}) is represented by that conglomerate when the conglomerate is ranked in the
     * quarters asked for, and is then left out of the fee charts.
     */
    private static final String REPRESENTED = """
            represented AS (
              SELECT b.institution_key
              FROM dim_institution b
              JOIN dim_institution g ON g.institution_type = 'conglomerate' AND g.fee_cnpj8 = b.cnpj8
              WHERE b.institution_type = 'bank'
                AND g.institution_key IN (SELECT institution_key FROM fact_complaints WHERE period_key BETWEEN %d AND %d)
            )""";

    public static ChartQuery bySlug(String slug) {
        return Arrays.stream(values()).filter(c -> c.slug.equals(slug)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no chart named " + slug));
    }
}
