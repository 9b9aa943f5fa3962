package org.bankdata.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.bcb.complaints.ComplaintsRankingParser;
import org.bankdata.bcb.fees.FeesExtractor;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.pipeline.TaskSpec;
import org.junit.jupiter.api.Test;

/** The catalog holds the published contract: these names are what users' scripts query. */
class TablesTest {

    @Test
    void tableAndColumnNamesAreThePublishedContract() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("curated_complaints", "period_key, year, quarter, category, ranking_type, cnpj8, institution_name,"
                + " complaint_index, regulated_upheld, regulated_other, unregulated, total_complaints, clients_total, clients_ccs,"
                + " clients_scr, source_file, source_line");
        expected.put("curated_bank_list", "segment, cnpj8, name, source_file, source_line");
        expected.put("conform_conglomerates", "institution_key, conglomerate_name, quarters_seen, first_period_key, last_period_key,"
                + " matched_by, bank_list_name, bank_list_name_original, segment, leader_cnpj8, fee_cnpj8, fee_cnpj8_source,"
                + " unmatched_reason");
        expected.put("curated_service_fees", "person_type, cnpj8, service_code, service_name, unit, valid_from, max_fee, fee_type,"
                + " periodicity, load_id, fetched_at, source_url, page_file, record_index");
        expected.put("quarantine", "source, file, line, reason, raw");
        expected.put("dim_institution", "institution_key, cnpj8, name, institution_type, segment, leader_cnpj8, fee_cnpj8,"
                + " bank_list_name, bank_list_name_original");
        expected.put("dim_period", "period_key, year, quarter, first_day, last_day, label");
        expected.put("dim_institution_name", "institution_key, period_key, name");
        expected.put("dim_category", "category_key, category");
        expected.put("dim_service", "service_key, service_code, service_name");
        expected.put("fact_complaints", "period_key, institution_key, category_key, complaint_index, regulated_upheld,"
                + " regulated_other, unregulated, total_complaints, clients_total, clients_ccs, clients_scr");
        expected.put("fact_service_fee", "institution_key, service_key, person_type, valid_from, max_fee, fee_type, periodicity,"
                + " unit, fee_cnpj8");
        expected.put("chart_top_complaints", "institution_key, institution_name, total_complaints");
        expected.put("chart_top_free_services", "institution_key, institution_name, free_services");
        expected.put("chart_services_vs_complaints", "institution_key, institution_name, services, total_complaints");
        expected.put("chart_complaints_trend", "institution_key, institution_name, complaints_rank, period_key, quarter,"
                + " total_complaints");
        expected.put("chart_complaint_index", "institution_key, institution_name, period_key, category, index_rank,"
                + " complaint_index, regulated_upheld, clients_total");
        expected.put("chart_service_fee", "institution_key, institution_name, service_code, service_name, person_type, fee_type,"
                + " max_fee, periodicity, valid_from");

        Map<String, String> declared = new LinkedHashMap<>();
        Tables.all().forEach(t -> declared.put(t.name(), String.join(", ", t.columnNames())));
        assertThat(declared).containsExactlyEntriesOf(expected);
    }

    @Test
    void theCountColumnsAreTheRankingsSevenCountsInFileOrder() {
        assertThat(CuratedTables.COUNTS).extracting(ColumnDef::name).containsExactly("regulated_upheld", "regulated_other",
                "unregulated", "total_complaints", "clients_total", "clients_ccs", "clients_scr");
        assertThat(ComplaintsRankingParser.FIRST_COUNT_FIELD).isEqualTo(7);
        String factColumns = String.join(",", StarTables.FACT_COMPLAINTS.columnNames());
        assertThat(factColumns).endsWith(CuratedTables.COUNTS.stream().map(ColumnDef::name).collect(Collectors.joining(",")));
    }

    @Test
    void relationshipsPointAtTheKeyOfADeclaredTable() {
        for (TableDef table : Tables.all()) {
            for (TableCheck.Relationship fk : table.relationships()) {
                TableDef target = Tables.named(fk.toTable());
                assertThat(target.key()).as(table.name() + "." + fk.column()).containsExactly(fk.toColumn());
                assertThat(table.column(fk.column()).type()).isEqualTo(target.column(fk.toColumn()).type());
            }
        }
    }

    @Test
    void checksNameDeclaredColumns() {
        for (TableDef table : Tables.all()) {
            for (TableCheck check : table.allChecks()) {
                List<String> columns = check instanceof TableCheck.Unique u ? u.columns()
                        : check instanceof TableCheck.NotNull n ? List.of(n.column())
                        : check instanceof TableCheck.AcceptedValues a ? List.of(a.column())
                        : check instanceof TableCheck.Relationship r ? List.of(r.column()) : List.of();
                assertThat(table.columnNames()).as(table.name() + ": " + check).containsAll(columns);
            }
        }
    }

    @Test
    void writersAreTasksOfThePipelineAndLandedSourcesAreTheParsersSources() {
        Set<String> tasks = PipelineDefinition.tasks().stream().map(TaskSpec::name).collect(Collectors.toSet());
        for (TableDef table : Tables.all()) {
            assertThat(tasks).as(table.name()).containsAll(table.writtenBy());
        }
        Set<String> landed = Tables.all().stream().flatMap(t -> t.checks().stream())
                .filter(TableCheck.LandedRows.class::isInstance).map(c -> ((TableCheck.LandedRows) c).source())
                .collect(Collectors.toSet());
        assertThat(landed).containsExactlyInAnyOrder(ComplaintsRankingParser.SOURCE, BankListParser.SOURCE, FeesExtractor.SOURCE);
        assertThat(CuratedTables.QUARANTINE.checks()).contains(TableCheck.acceptedValues("source",
                ComplaintsRankingParser.SOURCE, BankListParser.SOURCE, FeesExtractor.SOURCE));
    }
}
