package org.bankdata.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstitutionProfileTest {
    private static QueryResult names(String... names) {
        List<List<Object>> rows = new ArrayList<>();
        for (String n : names) {
            rows.add(List.of(n));
        }
        return new QueryResult(List.of("name"), rows);
    }

    @Test
    void namesAreComparedWithoutAccentsCaseOrExtraSpaces() {
        assertThat(InstitutionProfile.fold("  ITAÚ   Unibanco ")).isEqualTo("itau unibanco");
        assertThat(InstitutionProfile.fold("CAIXA ECONÔMICA FEDERAL")).isEqualTo("caixa economica federal");
    }

    @Test
    void theOnlyMatchOrTheOneNamedExactlyIsChosen() {
        assertThat(InstitutionProfile.chosen(names("ITAU (conglomerado)"), "itau")).isZero();
        assertThat(InstitutionProfile.chosen(names("BANCO A", "BANCO AB"), "banco a")).isZero();
        assertThat(InstitutionProfile.chosen(names("BANCO AB", "BANCO A"), "Banco  Á")).isEqualTo(1);
        assertThat(InstitutionProfile.chosen(names("BANCO AB", "BANCO AC"), "banco")).isNull();
    }

    @Test
    void searchFindsNamesWithAccentsAndCnpjRootsInDuckDb() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dim_institution AS SELECT * FROM (VALUES (1::BIGINT, 'ITAÚ UNIBANCO S.A.', 'bank', 'S1',"
                    + " '60701190'), (2, 'ITAU (conglomerado)', 'conglomerate', NULL, NULL), (3, 'BANCO VIPAL S.A.', 'bank',"
                    + " 'S4', '00000001')) t(institution_key, name, institution_type, segment, cnpj8)");
            assertThat(keys(st, InstitutionProfile.searchSql("itau"))).containsExactly(2L, 1L);
            assertThat(keys(st, InstitutionProfile.searchSql("itau (conglomerado)"))).containsExactly(2L);
            assertThat(keys(st, InstitutionProfile.searchSql("6070"))).containsExactly(1L);
            assertThat(keys(st, InstitutionProfile.searchSql("o'brien"))).isEmpty();
        }
    }

    private static List<Long> keys(Statement st, String sql) throws SQLException {
        List<Long> keys = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                keys.add(rs.getLong(1));
            }
        }
        return keys;
    }

    @Test
    void freeServicesAreTheOnesWhoseCurrentFeeIsZero() {
        QueryResult fees = new QueryResult(List.of("service_code", "service_name", "person_type", "max_fee"), List.of(
                List.of("0101", "Ficha", "J", new BigDecimal("0.00")), List.of("0101", "Ficha", "F", new BigDecimal("0.00")),
                List.of("0801", "Abertura", "J", new BigDecimal("15.00"))));
        InstitutionProfile profile = new InstitutionProfile(new QueryResult(List.of(), List.of()), null, fees, null);
        assertThat(profile.freeServices().rows()).containsExactly(List.of("0101", "Ficha"));
    }

    @Test
    void nameHistoryIsOneRowPerRunOfQuartersUnderOneName() throws SQLException {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("CREATE TABLE dim_period AS SELECT * FROM (VALUES (20201, '2020Q1'), (20202, '2020Q2'), (20203, '2020Q3'),"
                    + " (20204, '2020Q4')) t(period_key, label)");
            st.execute("CREATE TABLE dim_institution_name AS SELECT * FROM (VALUES (7::BIGINT, 20201, 'RENNER'),"
                    + " (7, 20202, 'DIGIMAIS'), (7, 20203, 'DIGIMAIS'), (7, 20204, 'RENNER'), (8, 20201, 'OTHER'))"
                    + " t(institution_key, period_key, name)");
            List<String> runs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery(InstitutionProfile.namesSql(7))) {
                while (rs.next()) {
                    runs.add(rs.getString(1) + " " + rs.getString(2) + "-" + rs.getString(3));
                }
            }
            assertThat(runs).containsExactly("RENNER 2020Q1-2020Q1", "DIGIMAIS 2020Q2-2020Q3", "RENNER 2020Q4-2020Q4");
        }
    }

    private static InstitutionProfile profile(String type, String feeCnpj8, int feeRows) {
        List<String> columns = List.of("institution_key", "name", "institution_type", "fee_cnpj8");
        List<Object> row = new ArrayList<>(List.of(1L, "X", type));
        row.add(feeCnpj8);
        List<List<Object>> fees = new ArrayList<>();
        for (int i = 0; i < feeRows; i++) {
            fees.add(List.of("0101", "Ficha", "F", new BigDecimal("1.00")));
        }
        return new InstitutionProfile(new QueryResult(columns, List.of(row)), null,
                new QueryResult(List.of("service_code", "service_name", "person_type", "max_fee"), fees), null);
    }

    @Test
    void feeNoteSaysWhoseScheduleItIsOrWhyThereIsNone() {
        assertThat(profile("bank", "00000001", 1).feeNote()).isNull();
        assertThat(profile("bank", "00000001", 0).feeNote()).startsWith("No fee data");
        assertThat(profile("conglomerate", "60701190", 1).feeNote()).contains("main bank").contains("60701190");
        assertThat(profile("conglomerate", "60701190", 0).feeNote()).startsWith("No fee data").contains("60701190");
        assertThat(profile("conglomerate", null, 0).feeNote()).startsWith("No fee data").contains("not matched");
    }
}
