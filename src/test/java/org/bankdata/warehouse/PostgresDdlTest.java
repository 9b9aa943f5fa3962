package org.bankdata.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bankdata.catalog.StarTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.query.ChartQuery;
import org.junit.jupiter.api.Test;

class PostgresDdlTest {
    @Test
    void createTableListsEveryDeclaredColumnWithItsPostgresTypeAndNullability() {
        assertThat(PostgresDdl.createTable("s", StarTables.DIM_SERVICE)).isEqualTo("""
                CREATE TABLE "s"."dim_service" (
                  "service_key" bigint NOT NULL,
                  "service_code" text COLLATE "C" NOT NULL,
                  "service_name" text COLLATE "C"
                )""");
        for (TableDef table : Tables.all()) {
            String ddl = PostgresDdl.createTable("s", table);
            table.columns().forEach(c -> assertThat(ddl).contains("\"" + c.name() + "\" " + c.type().postgresType()));
        }
    }

    @Test
    void keysAndForeignKeysFollowTheDeclarationsAndSkipTablesNotLoaded() {
        assertThat(PostgresDdl.primaryKey("s", StarTables.DIM_SERVICE))
                .containsExactly("ALTER TABLE \"s\".\"dim_service\" ADD CONSTRAINT \"dim_service_pkey\" PRIMARY KEY (\"service_key\")");
        TableDef fees = Tables.named("fact_service_fee");
        assertThat(PostgresDdl.foreignKeys("s", fees, Tables.names())).hasSize(fees.relationships().size()).allSatisfy(
                fk -> assertThat(fk).contains("FOREIGN KEY").contains("REFERENCES \"s\".\"dim_"));
        assertThat(PostgresDdl.foreignKeys("s", fees, List.of("dim_service")))
                .containsExactly("ALTER TABLE \"s\".\"fact_service_fee\" ADD CONSTRAINT \"fact_service_fee_service_key_fkey\""
                        + " FOREIGN KEY (\"service_key\") REFERENCES \"s\".\"dim_service\" (\"service_key\")");
        assertThat(PostgresDdl.primaryKey("s", Tables.named("curated_bank_list"))).isEmpty();
    }

    @Test
    void commentsCarryMeaningUnitAndSourceWithQuotesEscaped() {
        List<String> comments = PostgresDdl.comments("s", StarTables.DIM_INSTITUTION);
        assertThat(comments).hasSize(1 + StarTables.DIM_INSTITUTION.columns().size());
        assertThat(comments.get(0)).startsWith("COMMENT ON TABLE \"s\".\"dim_institution\" IS 'One row: one row per institution");
        assertThat(PostgresDdl.literal("it's")).isEqualTo("'it''s'");
        assertThat(String.join("\n", PostgresDdl.comments("s", Tables.named("fact_complaints")))).contains("(unit: complaints)");
    }

    @Test
    void answerViewsRunTheChartQueriesOverEveryQuarter() {
        assertThat(PostgresDdl.answerViewName(ChartQuery.TOP_COMPLAINTS)).isEqualTo("answer_top_complaints");
        String view = PostgresDdl.answerView("s", ChartQuery.TOP_FREE_SERVICES).get(0);
        assertThat(view).startsWith("CREATE VIEW \"s\".\"answer_top_free_services\" AS").contains("LIMIT 10")
                .doesNotContain("%");
    }
}
