package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bankdata.config.QuarterRange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChartQueryTest {
    private static Connection duck;

    /**
     * A hand-made star schema. Complaints per institution:
     * Alfa 10 (2020Q1) + 5 (2020Q2) = 15; Beta 7 + 8 = 15; Gama 15 (2020Q2); Delta 100 (2020Q1).
     * Services: Alfa s1, s2 (s2 twice: free in 2020, 5.00 since 2021); Beta s1 (2.00); Delta s1, s2, s3 all free.
     */
    @BeforeAll
    static void schema() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dim_institution (institution_key BIGINT, name VARCHAR, institution_type VARCHAR, cnpj8 VARCHAR,"
                    + " fee_cnpj8 VARCHAR)");
            st.execute("INSERT INTO dim_institution VALUES (1, 'Alfa', 'bank', '1', '1'), (2, 'Beta', 'bank', '2', '2'),"
                    + " (3, 'Gama', 'bank', '3', '3'), (4, 'Delta', 'bank', '4', '4')");
            st.execute("CREATE TABLE fact_complaints (institution_key BIGINT, period_key INTEGER, total_complaints BIGINT)");
            st.execute("INSERT INTO fact_complaints VALUES (1, 20201, 10), (1, 20202, 5), (2, 20201, 7), (2, 20202, 8),"
                    + " (3, 20202, 15), (4, 20201, 100)");
            st.execute("CREATE TABLE fact_service_fee (institution_key BIGINT, service_key BIGINT, person_type VARCHAR,"
                    + " valid_from DATE, max_fee DECIMAL(12, 2))");
            st.execute("INSERT INTO fact_service_fee VALUES"
                    + " (1, 1, 'J', DATE '2021-01-01', 0), (1, 2, 'J', DATE '2020-01-01', 0), (1, 2, 'J', DATE '2021-01-01', 5),"
                    + " (2, 1, 'J', DATE '2021-01-01', 2),"
                    + " (4, 1, 'J', DATE '2021-01-01', 0), (4, 2, 'J', DATE '2021-01-01', 0), (4, 3, 'J', DATE '2021-01-01', 0)");
        }
    }

    @AfterAll
    static void close() throws SQLException {
        duck.close();
    }

    private static List<List<Object>> run(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement st = duck.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 2; i <= n; i++) { // skip institution_key
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number num ? (Object) num.longValue() : v);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void sqlSubstitutesThePeriodKeysOfTheRange() {
        for (ChartQuery chart : ChartQuery.values()) {
            assertThat(chart.sql(QuarterRange.of("2020Q2", "2021Q3"))).as(chart.name())
                    .contains("BETWEEN 20202 AND 20213")
                    .doesNotContain("%");
            assertThat(chart.sql(QuarterRange.ALL)).as(chart.name()).contains("BETWEEN 0 AND 99999");
        }
    }

    @Test
    void rankingsAreLimitedToTenAndTheScatterIsNot() {
        assertThat(ChartQuery.TOP_N).isEqualTo(10);
        assertThat(ChartQuery.TOP_COMPLAINTS.defaultLimit()).isEqualTo(10);
        assertThat(ChartQuery.TOP_FREE_SERVICES.defaultLimit()).isEqualTo(10);
        assertThat(ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.ALL).strip()).endsWith("LIMIT 10");
        assertThat(ChartQuery.TOP_FREE_SERVICES.sql(QuarterRange.ALL).strip()).endsWith("LIMIT 10");
        assertThat(ChartQuery.SERVICES_VS_COMPLAINTS.sql(QuarterRange.ALL)).doesNotContainIgnoringCase("LIMIT");
    }

    @Test
    void explicitLimitMustBePositive() {
        assertThat(ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.ALL, 3).strip()).endsWith("LIMIT 3");
        assertThatThrownBy(() -> ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.ALL, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bySlugFindsEachChart() {
        assertThat(ChartQuery.bySlug("top-complaints")).isEqualTo(ChartQuery.TOP_COMPLAINTS);
        assertThat(ChartQuery.bySlug("top-free-services")).isEqualTo(ChartQuery.TOP_FREE_SERVICES);
        assertThat(ChartQuery.bySlug("services-vs-complaints")).isEqualTo(ChartQuery.SERVICES_VS_COMPLAINTS);
        assertThatThrownBy(() -> ChartQuery.bySlug("TOP_COMPLAINTS"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TOP_COMPLAINTS");
    }

    @Test
    void tableNames() {
        assertThat(ChartQuery.values()).extracting(ChartQuery::table)
                .containsExactly("chart_top_complaints", "chart_top_free_services", "chart_services_vs_complaints",
                        "chart_complaints_trend", "chart_complaint_index", "chart_service_fee");
    }

    @Test
    void topComplaintsSumsOverTheRangeAndBreaksTiesByName() throws SQLException {
        assertThat(run(ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.ALL))).containsExactly(
                Arrays.asList("Delta", 100L), Arrays.asList("Alfa", 15L), Arrays.asList("Beta", 15L),
                Arrays.asList("Gama", 15L));
        assertThat(run(ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.of("2020Q2", "2020Q2")))).containsExactly(
                Arrays.asList("Gama", 15L), Arrays.asList("Beta", 8L), Arrays.asList("Alfa", 5L));
        assertThat(run(ChartQuery.TOP_COMPLAINTS.sql(QuarterRange.ALL, 2))).containsExactly(
                Arrays.asList("Delta", 100L), Arrays.asList("Alfa", 15L));
    }

    @Test
    void topFreeServicesCountsServicesWhoseLatestFeeIsZero() throws SQLException {
        // Alfa's s2 was free in 2020 but costs 5.00 since 2021: only s1 counts. Beta charges for its one service.
        assertThat(run(ChartQuery.TOP_FREE_SERVICES.sql(QuarterRange.ALL))).containsExactly(
                Arrays.asList("Delta", 3L), Arrays.asList("Alfa", 1L));
        // Delta has no complaints in 2020Q2, so it is not ranked there.
        assertThat(run(ChartQuery.TOP_FREE_SERVICES.sql(QuarterRange.of("2020Q2", null)))).containsExactly(
                Arrays.asList("Alfa", 1L));
    }

    @Test
    void servicesVsComplaintsHasEveryInstitutionWithBoth() throws SQLException {
        assertThat(run(ChartQuery.SERVICES_VS_COMPLAINTS.sql(QuarterRange.ALL))).containsExactly(
                Arrays.asList("Alfa", 2L, 15L), Arrays.asList("Beta", 1L, 15L), Arrays.asList("Delta", 3L, 100L));
        assertThat(run(ChartQuery.SERVICES_VS_COMPLAINTS.sql(QuarterRange.of(null, "2020Q1")))).containsExactly(
                Arrays.asList("Alfa", 2L, 10L), Arrays.asList("Beta", 1L, 7L), Arrays.asList("Delta", 3L, 100L));
    }
}
