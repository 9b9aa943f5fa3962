package org.bankdata.bcb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Extraction through the real HTTP client from the bundled replay, landing into a temp lake. */
@Timeout(30)
class FeesExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static FeesReplayServer replay;

    @TempDir
    Path lake;

    @BeforeAll
    static void start() {
        replay = FeesReplayServer.start(BundledData.feeResponses());
    }

    @AfterAll
    static void stop() {
        replay.close();
    }

    private static int recordedCount(String cnpj8) throws IOException {
        Path file = BundledData.feeResponses().resolve("J_" + cnpj8 + ".json");
        return Files.exists(file) ? JSON.readTree(file.toFile()).get("value").size() : 0;
    }

    @Test
    void landsEveryPageOfEveryInstitution() throws IOException {
        List<String> cnpjs = List.of("09526594", "00122327", "00000001");
        RawLanding landing = new RawLanding(new LakeLayout(lake), "R1");

        List<FeePage> pages = new FeesExtractor(new OlindaFeesApi(replay.baseUrl()), 10, 2)
                .extract(cnpjs, PersonType.J, landing);

        for (String cnpj : cnpjs) {
            int n = recordedCount(cnpj);
            List<FeePage> mine = pages.stream().filter(p -> p.cnpj8().equals(cnpj)).toList();
            // pages of 10 until one holds fewer than 10 (an empty one when n is a multiple of 10)
            assertThat(mine).as(cnpj).hasSize(n / 10 + 1);
            assertThat(mine.stream().mapToInt(FeePage::records).sum()).as(cnpj).isEqualTo(n);
            assertThat(mine).extracting(FeePage::skip).as(cnpj).isSorted();
        }
        assertThat(recordedCount("09526594")).isEqualTo(63);
        assertThat(recordedCount("00000001")).isZero();

        // The landed bytes hold exactly the recorded records, in order.
        List<JsonNode> landed = new ArrayList<>();
        for (FeePage page : pages.stream().filter(p -> p.cnpj8().equals("09526594")).toList()) {
            assertThat(page.storedAs()).endsWith(FeePage.fileName(PersonType.J, "09526594", page.skip()));
            JSON.readTree(lake.resolve(page.storedAs()).toFile()).get("value").forEach(landed::add);
        }
        List<JsonNode> recorded = new ArrayList<>();
        JSON.readTree(BundledData.feeResponses().resolve("J_09526594.json").toFile()).get("value").forEach(recorded::add);
        assertThat(landed).containsExactlyElementsOf(recorded);

        List<RawFile> manifest = RawLanding.readManifest(new LakeLayout(lake), "R1");
        assertThat(manifest).hasSize(pages.size());
        assertThat(manifest).allSatisfy(f -> assertThat(f.source()).isEqualTo("fees"));
    }

    @Test
    void pageFileNamesArePaddedAndSortable() {
        assertThat(FeePage.fileName(PersonType.J, "00000000", 0)).isEqualTo("J_00000000_skip-000000.json");
        assertThat(FeePage.fileName(PersonType.F, "09526594", 1200)).isEqualTo("F_09526594_skip-001200.json");
    }

    @Test
    void aServiceThatRefusesTheUrlStopsTheExtraction() {
        OlindaFeesApi wrongBase = new OlindaFeesApi(URI.create(replay.baseUrl() + "/not-the-service/odata"));
        RawLanding landing = new RawLanding(new LakeLayout(lake), "R2");

        assertThatThrownBy(() -> new FeesExtractor(wrongBase, 10, 2).extract(List.of("09526594"), PersonType.J, landing))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("not-the-service");
    }
}
