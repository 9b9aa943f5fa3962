package org.bankdata.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.catalog.StarTables;
import org.junit.jupiter.api.Test;

class ExternalTableDdlTest {
    private static final String FACTS = "s3://bucket/prefix/tables/fact_complaints/v_r1";
    private static final String QUARANTINE = "s3://bucket/prefix/tables/quarantine/v_r1";
    private static final ExternalTable FACT_TABLE = new ExternalTable(StarTables.FACT_COMPLAINTS, FACTS, List.of());
    private static final ExternalTable QUARANTINE_TABLE = new ExternalTable(CuratedTables.QUARANTINE, QUARANTINE,
            List.of("banks", "complaints"));

    @Test
    void hiveDeclaresAnExternalParquetTableWithTheCatalogsHiveTypesAndComments() {
        String sql = new ExternalTableDdl(DdlDialect.hive, "bankdata").create(FACT_TABLE);
        assertThat(sql).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS `bankdata`.`fact_complaints` (\n"
                + "  `period_key` int COMMENT '`year * 10 + quarter`, e.g. 20211 for 2021Q1',\n"
                + "  `institution_key` bigint COMMENT");
        assertThat(sql).contains("  `complaint_index` decimal(12,2) COMMENT 'regulated upheld complaints per million clients")
                .contains("as published\\; null where the BCB publishes none")
                .contains("(complaints per million clients)',")
                .contains("\nSTORED AS PARQUET\nLOCATION '" + FACTS + "'")
                .doesNotContain("USING", "TBLPROPERTIES", "PARTITIONED");
        assertThat(sql.lines().filter(l -> l.startsWith("  `"))).hasSize(StarTables.FACT_COMPLAINTS.columns().size());
    }

    @Test
    void sparkDeclaresADataSourceTableWithSparkTypes() {
        String sql = new ExternalTableDdl(DdlDialect.spark, "bk").create(new ExternalTable(CuratedTables.CURATED_SERVICE_FEES,
                "file:/lake/tables/curated_service_fees/v_r1", List.of()));
        assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS `bk`.`curated_service_fees` (")
                .contains("`valid_from` DATE COMMENT", "`max_fee` DECIMAL(18,2) COMMENT", "`fetched_at` TIMESTAMP COMMENT",
                        "`record_index` BIGINT COMMENT", "\nUSING parquet\n")
                .endsWith("LOCATION 'file:/lake/tables/curated_service_fees/v_r1'")
                .doesNotContain("EXTERNAL", "STORED AS");
    }

    @Test
    void hiveAndSparkRepointTheTableAndEachPartitionAndDropPartitionsTheVersionLacks() {
        ExternalTableDdl hive = new ExternalTableDdl(DdlDialect.hive, "bankdata");
        assertThat(hive.create(QUARANTINE_TABLE)).contains("  `raw` string COMMENT", "PARTITIONED BY (`source` string COMMENT")
                .doesNotContain("  `source` string");
        assertThat(hive.repoint(QUARANTINE_TABLE)).containsExactly(
                "ALTER TABLE `bankdata`.`quarantine` SET LOCATION '" + QUARANTINE + "'",
                "ALTER TABLE `bankdata`.`quarantine` ADD IF NOT EXISTS PARTITION (`source`='banks') LOCATION '" + QUARANTINE + "/source=banks'",
                "ALTER TABLE `bankdata`.`quarantine` PARTITION (`source`='banks') SET LOCATION '" + QUARANTINE + "/source=banks'",
                "ALTER TABLE `bankdata`.`quarantine` ADD IF NOT EXISTS PARTITION (`source`='complaints') LOCATION '" + QUARANTINE
                        + "/source=complaints'",
                "ALTER TABLE `bankdata`.`quarantine` PARTITION (`source`='complaints') SET LOCATION '" + QUARANTINE + "/source=complaints'",
                "ALTER TABLE `bankdata`.`quarantine` DROP IF EXISTS PARTITION (`source`='fees')");
        assertThat(new ExternalTableDdl(DdlDialect.spark, "bankdata").create(QUARANTINE_TABLE))
                .contains("  `source` STRING COMMENT", "PARTITIONED BY (`source`)");
    }

    @Test
    void athenaProjectsTheDeclaredPartitionValuesAndRepointsTheTemplate() {
        ExternalTableDdl athena = new ExternalTableDdl(DdlDialect.athena, "bankdata");
        assertThat(athena.create(QUARANTINE_TABLE)).contains("STORED AS PARQUET\nLOCATION '" + QUARANTINE + "/'\nTBLPROPERTIES (\n"
                + "  'projection.enabled'='true',\n  'projection.source.type'='enum',\n"
                + "  'projection.source.values'='complaints,banks,fees',\n"
                + "  'storage.location.template'='" + QUARANTINE + "/source=${source}/'\n)");
        assertThat(athena.repoint(QUARANTINE_TABLE)).containsExactly(
                "ALTER TABLE `bankdata`.`quarantine` SET LOCATION '" + QUARANTINE + "/'",
                "ALTER TABLE `bankdata`.`quarantine` SET TBLPROPERTIES ('storage.location.template'='" + QUARANTINE + "/source=${source}/')");
        assertThat(athena.repoint(FACT_TABLE)).containsExactly("ALTER TABLE `bankdata`.`fact_complaints` SET LOCATION '" + FACTS + "/'");
    }

    @Test
    void theScriptIsTheDatabaseThenEachTablesCreateAndRepointEachEndingASemicolonLine() {
        String script = new ExternalTableDdl(DdlDialect.hive, "bankdata").script(List.of(FACT_TABLE, QUARANTINE_TABLE));
        List<String> statements = List.of(script.split(";\n"));
        assertThat(statements.get(0)).isEqualTo("CREATE DATABASE IF NOT EXISTS `bankdata`");
        assertThat(statements.get(1)).startsWith("\nCREATE EXTERNAL TABLE IF NOT EXISTS `bankdata`.`fact_complaints`");
        assertThat(statements.get(2)).isEqualTo("\nALTER TABLE `bankdata`.`fact_complaints` SET LOCATION '" + FACTS + "'");
        assertThat(statements).hasSize(3 + 1 + 6);
        assertThat(script.lines().filter(l -> l.endsWith(";"))).hasSize(statements.size());
    }

    @Test
    void quotesAndBackslashesAreEscapedAndLongCommentsCutToWhatMetastoresHold() {
        assertThat(ExternalTableDdl.literal("it's a\\b;c")).isEqualTo("'it\\'s a\\\\b\\;c'");
        assertThat(ExternalTableDdl.quote("we`ird")).isEqualTo("`we``ird`");
        assertThat(ExternalTableDdl.comment("x".repeat(300))).hasSize(255).endsWith("…");
        assertThat(ExternalTableDdl.comment("short")).isEqualTo("short");
    }

    @Test
    void aDatabaseNameAthenaAndHiveRefuseIsRefused() {
        assertThatThrownBy(() -> new ExternalTableDdl(DdlDialect.athena, "Bank-Data"))
                .hasMessageStartingWith("Bank-Data is not lower-case letters, digits and _");
    }
}
