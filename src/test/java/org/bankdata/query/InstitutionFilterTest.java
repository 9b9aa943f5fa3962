package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class InstitutionFilterTest {

    @Test
    void acceptsOnlyTheKnownTypesAndSegmentsInAnyCase() {
        assertThat(new InstitutionFilter("Bank", "s2")).isEqualTo(new InstitutionFilter("bank", "S2"));
        assertThat(new InstitutionFilter(" ", "")).isEqualTo(InstitutionFilter.NONE);
        assertThat(InstitutionFilter.NONE.joinCondition("i")).isEmpty();
        assertThat(new InstitutionFilter("conglomerate", null).joinCondition("i")).isEqualTo(" AND i.institution_type = 'conglomerate'");
        assertThatThrownBy(() -> new InstitutionFilter("bank' OR 1=1 --", null)).isInstanceOf(UsageException.class)
                .hasMessageContaining("bank, conglomerate");
        assertThatThrownBy(() -> new InstitutionFilter(null, "S6")).isInstanceOf(UsageException.class)
                .hasMessageContaining("S1, S2, S3, S4, S5");
    }

    /**
     * Alfa (bank, S1) 10 complaints, Beta (bank, S2) 20, Gama (conglomerate) 30; fees: Alfa and Beta one
     * free service each.
     */
    @Test
    void everyChartKeepsOnlyMatchingInstitutions() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dim_institution (institution_key BIGINT, name VARCHAR, institution_type VARCHAR, segment VARCHAR,"
                    + " cnpj8 VARCHAR, fee_cnpj8 VARCHAR)");
            st.execute("INSERT INTO dim_institution VALUES (1, 'Alfa', 'bank', 'S1', '00000001', '00000001'),"
                    + " (2, 'Beta', 'bank', 'S2', '00000002', '00000002'), (3, 'Gama', 'conglomerate', NULL, NULL, NULL)");
            st.execute("CREATE TABLE fact_complaints (institution_key BIGINT, period_key INTEGER, total_complaints BIGINT)");
            st.execute("INSERT INTO fact_complaints VALUES (1, 20201, 10), (2, 20201, 20), (3, 20201, 30)");
            st.execute("CREATE TABLE fact_service_fee (institution_key BIGINT, service_key BIGINT, person_type VARCHAR,"
                    + " valid_from DATE, max_fee DECIMAL(12, 2))");
            st.execute("INSERT INTO fact_service_fee VALUES (1, 1, 'J', DATE '2021-01-01', 0), (2, 1, 'J', DATE '2021-01-01', 0)");

            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, InstitutionFilter.NONE)).containsExactly("Gama", "Beta", "Alfa");
            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, new InstitutionFilter("bank", null))).containsExactly("Beta", "Alfa");
            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, new InstitutionFilter("conglomerate", null))).containsExactly("Gama");
            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, new InstitutionFilter(null, "S1"))).containsExactly("Alfa");
            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, new InstitutionFilter("conglomerate", "S1"))).isEmpty();
            assertThat(names(st, ChartQuery.TOP_FREE_SERVICES, new InstitutionFilter(null, "S2"))).containsExactly("Beta");
            assertThat(names(st, ChartQuery.SERVICES_VS_COMPLAINTS, new InstitutionFilter("bank", "S1"))).containsExactly("Alfa");
            assertThat(names(st, ChartQuery.SERVICES_VS_COMPLAINTS, new InstitutionFilter("conglomerate", null))).isEmpty();
        }
    }

    /**
     * A conglomerate matched to the bank list has its prudential conglomerate's segment, so S1 shows it; its fee rows
     * are its main bank's (Omega's) schedule, and Omega, ranked too, is represented by it in the fee charts.
     */
    @Test
    void aConformedConglomerateIsInItsSegmentAndRepresentsItsMainBankInTheFeeCharts() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dim_institution (institution_key BIGINT, name VARCHAR, institution_type VARCHAR, segment VARCHAR,"
                    + " cnpj8 VARCHAR, fee_cnpj8 VARCHAR)");
            st.execute("INSERT INTO dim_institution VALUES (1, 'Alfa', 'bank', 'S1', '00000001', '00000001'),"
                    + " (5, 'OMEGA (conglomerado)', 'conglomerate', 'S1', NULL, '00000006'),"
                    + " (6, 'BANCO OMEGA S.A.', 'bank', 'S1', '00000006', '00000006')");
            st.execute("CREATE TABLE fact_complaints (institution_key BIGINT, period_key INTEGER, total_complaints BIGINT)");
            st.execute("INSERT INTO fact_complaints VALUES (1, 20201, 10), (5, 20202, 500), (6, 20201, 3)");
            st.execute("CREATE TABLE fact_service_fee (institution_key BIGINT, service_key BIGINT, person_type VARCHAR,"
                    + " valid_from DATE, max_fee DECIMAL(12, 2))");
            st.execute("INSERT INTO fact_service_fee VALUES (1, 1, 'J', DATE '2021-01-01', 0),"
                    + " (5, 1, 'J', DATE '2021-01-01', 0), (5, 2, 'J', DATE '2021-01-01', 0),"
                    + " (6, 1, 'J', DATE '2021-01-01', 0), (6, 2, 'J', DATE '2021-01-01', 0)");

            assertThat(names(st, ChartQuery.TOP_COMPLAINTS, new InstitutionFilter(null, "S1")))
                    .containsExactly("OMEGA (conglomerado)", "Alfa", "BANCO OMEGA S.A.");
            // Omega's schedule counts once, under the conglomerate, over the whole range
            assertThat(names(st, ChartQuery.TOP_FREE_SERVICES, new InstitutionFilter(null, "S1")))
                    .containsExactly("OMEGA (conglomerado)", "Alfa");
            assertThat(names(st, ChartQuery.SERVICES_VS_COMPLAINTS, InstitutionFilter.NONE))
                    .containsExactly("Alfa", "OMEGA (conglomerado)");
            // in 2020Q1 the conglomerate is not ranked: the bank stands for its own schedule
            List<String> q1 = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(ChartQuery.SERVICES_VS_COMPLAINTS.sql(QuarterRange.of("2020Q1", "2020Q1")))) {
                while (rs.next()) {
                    q1.add(rs.getString("institution_name"));
                }
            }
            assertThat(q1).containsExactly("Alfa", "BANCO OMEGA S.A.");
        }
    }

    private static List<String> names(Statement st, ChartQuery chart, InstitutionFilter filter) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(chart.sql(QuarterRange.ALL, 10, filter))) {
            while (rs.next()) {
                names.add(rs.getString("institution_name"));
            }
        }
        return names;
    }
}
