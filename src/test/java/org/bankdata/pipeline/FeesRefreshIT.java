package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.catalog.Tables;
import org.bankdata.BundledData;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.bankdata.config.HttpPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline against a replay of the fees service on 127.0.0.1: a second run with nothing new makes no
 * request and publishes the same tables (the fault test, which compares with PipelineIT's fault-free run, is
 * in PipelineIT).
 */
@Timeout(300)
class FeesRefreshIT {
    /** Every table but curated_service_fees, whose lineage differs by design (compared with {@link #FEES_WITHOUT_LINEAGE}). */
    private static final List<String> TABLES = Tables.names().stream()
            .filter(t -> !t.equals(CuratedTables.CURATED_SERVICE_FEES.name())).toList();
    /** curated_service_fees without its lineage (load id, fetch time, URL with the replay's port). */
    static final String FEES_WITHOUT_LINEAGE = "SELECT * EXCLUDE (load_id, fetched_at, source_url),"
            + " regexp_replace(source_url, '^http://127.0.0.1:[0-9]+', '') AS url_path FROM curated_service_fees";

    @TempDir
    Path work;

    static HttpPolicy fast() {
        return new HttpPolicy(Duration.ofMillis(400), 6, Duration.ofMillis(5), Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofMillis(100), 0);
    }

    static Map<String, List<List<Object>>> published(Path lake) {
        Map<String, List<List<Object>>> tables = new TreeMap<>();
        for (String table : TABLES) {
            tables.put(table, PipelineIT.contents(lake, table));
        }
        return tables;
    }

    static List<List<Object>> query(Path lake, String sql) {
        try (var engine = org.bankdata.query.LakeQueryEngine.open(new LakeLayout(lake), org.bankdata.config.QuarterRange.ALL)) {
            return engine.query(sql + " ORDER BY ALL").rows();
        }
    }

    @Test
    void aSecondRunWithNothingNewMakesNoRequestAndPublishesTheSameTables() {
        Path lake = work.resolve("lake");
        try (FeesReplayServer replay = FeesReplayServer.start(BundledData.feeResponses())) {
            FeesApiConfig api = FeesApiConfig.defaults().withApiUrl(replay.baseUrl()).withHttp(fast());
            RunSummary first = PipelineIT.run(lake, api);
            long afterFirst = replay.requestCount();
            Map<String, List<List<Object>>> before = published(lake);
            List<List<Object>> feesBefore = query(lake, "SELECT * FROM curated_service_fees");

            RunSummary second = PipelineIT.run(lake, api);

            // 90 ranked CNPJs and the 53 main banks of the matched conglomerates, 3 of them ranked too (PipelineIT)
            assertThat(afterFirst).isEqualTo(PipelineIT.INSTITUTIONS_ASKED);
            assertThat(first.facts()).containsEntry("fees_requests", (long) PipelineIT.INSTITUTIONS_ASKED)
                    .containsEntry("fees_answers_fetched", PipelineIT.INSTITUTIONS_ASKED);
            assertThat(replay.requestCount()).isEqualTo(afterFirst);
            assertThat(second.facts()).containsEntry("fees_requests", 0L).containsEntry("fees_answers_reused", PipelineIT.INSTITUTIONS_ASKED);
            assertThat((String) second.facts().get("fees_summary")).contains("nothing new").contains("no request");
            assertThat(published(lake)).isEqualTo(before);
            // lineage included: the reused rows keep the load id, fetch time and URL of the run that fetched them
            assertThat(query(lake, "SELECT * FROM curated_service_fees")).isEqualTo(feesBefore);
            assertThat(query(lake, "SELECT DISTINCT load_id FROM curated_service_fees"))
                    .containsExactly(List.of(first.runId()));
            // the second run's manifest lists the pages it used, as first landed
            assertThat(RawLanding.readManifest(new LakeLayout(lake), second.runId())).filteredOn(f -> f.source().equals("fees"))
                    .extracting(RawFile::storedAs)
                    .containsExactlyInAnyOrderElementsOf(RawLanding.readManifest(new LakeLayout(lake), first.runId()).stream()
                            .filter(f -> f.source().equals("fees")).map(RawFile::storedAs).toList());
        }
    }

    static Map<String, String> landedPages(Path lake, RunSummary run) throws IOException {
        Map<String, String> pages = new TreeMap<>();
        for (RawFile file : RawLanding.readManifest(new LakeLayout(lake), run.runId())) {
            if (file.source().equals("fees")) {
                pages.put(Path.of(file.storedAs()).getFileName().toString(), Files.readString(lake.resolve(file.storedAs())));
            }
        }
        return pages;
    }
}
