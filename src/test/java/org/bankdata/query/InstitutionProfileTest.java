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
        InstitutionProfile profile = new InstitutionProfile(new QueryResult(List.of(), List.of()), null, fees);
        assertThat(profile.freeServices().rows()).containsExactly(List.of("0101", "Ficha"));
    }
}
