package org.bankdata.query;

import java.util.Arrays;
import java.util.Locale;
import org.bankdata.catalog.ChartTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.config.QuarterRange;

/**
 * The three questions bankdata answers, as SQL over the star schema. The same text runs in Spark (to
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
            %3$s""");

    /** Rows in the published top-N tables. */
    public static final int TOP_N = ChartTables.TOP_N;
    private static final int UNLIMITED = Integer.MAX_VALUE;

    private final TableDef table;
    private final String slug;
    private final String title;
    private final String template;

    ChartQuery(TableDef table, String slug, String title, String template) {
        this.table = table;
        this.slug = slug;
        this.title = title;
        this.template = template;
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

    /** The default row limit: top 10 for rankings, every institution for the scatter. */
    public int defaultLimit() {
        return this == SERVICES_VS_COMPLAINTS ? UNLIMITED : TOP_N;
    }

    public String sql(QuarterRange range) {
        return sql(range, defaultLimit());
    }

    public String sql(QuarterRange range, int limit) {
        return sql(range, limit, InstitutionFilter.NONE);
    }

    /** The answer for {@code range}, only institutions matching {@code filter}, at most {@code limit} rows. */
    public String sql(QuarterRange range, int limit, InstitutionFilter filter) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return String.format(Locale.ROOT, template, range.fromKey(), range.toKey(), limit == UNLIMITED ? "" : "LIMIT " + limit,
                filter.joinCondition("i"), String.format(Locale.ROOT, REPRESENTED, range.fromKey(), range.toKey()));
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
