package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.RawTruth;
import org.bankdata.TestSpark;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.lake.LakeLayout;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.LakeQueryEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conglomerate joins the fee questions once its main bank's schedule is recorded: the replay serves the bundled
 * recordings plus one for 60701190 ITAÚ UNIBANCO S.A. (src/test/resources/fees-api-main-bank), the main bank the alias
 * file names for the ITAU conglomerate (its leader 60872504 is the holding).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConglomerateFeesIT {
    private static final Path RECORDING = Path.of("src/test/resources/fees-api-main-bank/responses/J_60701190.json");

    @TempDir
    static Path work;
    private LakeLayout lake;
    private RunSummary summary;

    @BeforeAll
    void run() throws IOException {
        Path responses = Files.createDirectories(work.resolve("responses"));
        for (Path file : RawBcbFiles.feeResponseFiles()) {
            Files.copy(file, responses.resolve(file.getFileName()));
        }
        Files.copy(RECORDING, responses.resolve(RECORDING.getFileName()));
        lake = new LakeLayout(work.resolve("lake"));
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(), responses,
                lake.root(), "local[2]").withConglomerateAliases(BundledData.HOME.bundledConglomerateAliases());
        summary = new PipelineRunner(Progress.quiet()).run(new RunContext(config, QuarterRange.ALL, TestSpark.session(),
                RunIds.next()), Map.of());
    }

    /** The recording read with plain Java: service code -> (latest valid-from, fee), and its record count. */
    private static Map<String, Map.Entry<String, BigDecimal>> recordedSchedule() {
        Map<String, Map.Entry<String, BigDecimal>> services = new TreeMap<>();
        for (JsonNode r : RawBcbFiles.feeRecords(RECORDING)) {
            String date = r.get("DataVigencia").asText();
            Map.Entry<String, BigDecimal> before = services.get(r.get("CodigoServico").asText());
            if (before == null || before.getKey().compareTo(date) < 0) {
                services.put(r.get("CodigoServico").asText(), Map.entry(date, r.get("ValorMaximo").decimalValue()));
            }
        }
        return services;
    }

    @Test
    void itausFeeRowsAreItsMainBanksScheduleUnderItsOwnKey() {
        assertThat(summary.facts().get("fees_institutions")).isEqualTo(140);
        try (LakeQueryEngine engine = LakeQueryEngine.open(lake, QuarterRange.ALL)) {
            List<List<Object>> rows = engine.query("SELECT f.fee_cnpj8, count(*), count(DISTINCT f.service_key) FROM fact_service_fee f"
                    + " JOIN dim_institution i USING (institution_key) WHERE i.name = 'ITAU (conglomerado)' GROUP BY 1").rows();
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsExactly("60701190", (long) RawBcbFiles.feeRecords(RECORDING).size(), 12L);
            // 60701190 is not ranked itself: its schedule is only the conglomerate's
            assertThat(engine.query("SELECT count(*) FROM fact_service_fee f JOIN dim_institution i USING (institution_key)"
                    + " WHERE i.cnpj8 = '60701190'").rows().get(0).get(0)).isEqualTo(0L);
        }
    }

    @Test
    void itauJoinsServicesVsComplaintsAndMostFreeServices() {
        Map<String, Map.Entry<String, BigDecimal>> schedule = recordedSchedule();
        long free = schedule.values().stream().filter(e -> e.getValue().signum() == 0).count();
        assertThat(schedule).hasSize(12);
        assertThat(free).isEqualTo(6);
        long complaints = RawTruth.load().complaintsByIdentity(0, 99999).get("conglomerate:ITAU");
        try (LakeQueryEngine engine = LakeQueryEngine.open(lake, QuarterRange.ALL)) {
            Map<String, List<Object>> scatter = engine.chart(ChartQuery.SERVICES_VS_COMPLAINTS).rows().stream()
                    .collect(Collectors.toMap(r -> (String) r.get(1), r -> r));
            assertThat(scatter.get("ITAU (conglomerado)")).containsExactly(scatter.get("ITAU (conglomerado)").get(0),
                    "ITAU (conglomerado)", 12L, complaints);
            Set<String> freeNames = engine.query(ChartQuery.TOP_FREE_SERVICES.sql(QuarterRange.ALL, 1000)).rows().stream()
                    .filter(r -> ((Number) r.get(2)).longValue() == free).map(r -> (String) r.get(1)).collect(Collectors.toSet());
            assertThat(freeNames).contains("ITAU (conglomerado)");
        }
    }
}
