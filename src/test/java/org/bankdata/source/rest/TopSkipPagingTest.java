package org.bankdata.source.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bankdata.BundledData;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.bcb.fees.OlindaFeesApi;
import org.bankdata.config.PersonType;
import org.bankdata.errors.BadInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.bankdata.testing.RunsBesideSpark;

/** Paging through the real HTTP client, over the bundled replay and over scripted servers that misbehave. */
@Timeout(20)
@RunsBesideSpark
class TopSkipPagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CNPJ = "09526594";

    private static FeesReplayServer replay;
    private static JsonNode recording;

    @BeforeAll
    static void start() throws IOException {
        recording = JSON.readTree(BundledData.feeResponses().resolve("J_" + CNPJ + ".json").toFile()).get("value");
        replay = FeesReplayServer.start(BundledData.feeResponses());
    }

    @AfterAll
    static void stop() {
        replay.close();
    }

    private static JsonPageClient client() {
        return new JsonPageClient("value", Duration.ofSeconds(5), 3, Duration.ofMillis(5), Duration.ofMillis(20));
    }

    private static List<JsonNode> records(List<JsonPage> pages) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (JsonPage page : pages) {
            JSON.readTree(page.body()).get("value").forEach(out::add);
        }
        return out;
    }

    @Test
    void pagesThroughTheReplayInPagesOfTen() throws IOException {
        assertThat(recording.size()).isEqualTo(63);
        OlindaFeesApi api = new OlindaFeesApi(replay.baseUrl());

        List<JsonPage> pages = TopSkipPaging.fetchAll(client(), 10, skip -> api.pageUri(PersonType.J, CNPJ, 10, skip));

        // 63 records in pages of 10: six full pages and a seventh of 3.
        assertThat(pages).hasSize(7);
        assertThat(pages.subList(0, 6)).allSatisfy(p -> assertThat(p.records()).isEqualTo(10));
        assertThat(pages.get(6).records()).isEqualTo(3);
        assertThat(pages.stream().mapToInt(JsonPage::records).sum()).isEqualTo(recording.size());
        assertThat(pages.get(3).uri().getRawQuery()).endsWith("$top=10&$skip=30");
        List<JsonNode> expected = new ArrayList<>();
        recording.forEach(expected::add);
        assertThat(records(pages)).containsExactlyElementsOf(expected);
    }

    @Test
    void whenTheCountIsAMultipleOfTopTheLastPageIsEmpty() {
        // 63 = 3 * 21: three full pages, then an empty one tells that there is no more.
        OlindaFeesApi api = new OlindaFeesApi(replay.baseUrl());

        List<JsonPage> pages = TopSkipPaging.fetchAll(client(), 21, skip -> api.pageUri(PersonType.J, CNPJ, 21, skip));

        assertThat(pages).extracting(JsonPage::records).containsExactly(21, 21, 21, 0);
    }

    @Test
    void institutionWithoutFeesIsOneEmptyPage() {
        OlindaFeesApi api = new OlindaFeesApi(replay.baseUrl());

        List<JsonPage> pages = TopSkipPaging.fetchAll(client(), 10, skip -> api.pageUri(PersonType.J, "00000001", 10, skip));

        assertThat(pages).hasSize(1);
        assertThat(pages.get(0).records()).isZero();
    }

    @Test
    void serverThatIgnoresSkipIsDetected() {
        try (ScriptedHttpServer server = ScriptedHttpServer.collection(50, false, Function.identity())) {
            assertThatThrownBy(() -> TopSkipPaging.fetchAll(client(), 5, skip -> server.uri("/p?$top=5&$skip=" + skip)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("$skip")
                    .hasMessageContaining("$skip=5");
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void serverThatIgnoresTopIsDetected() {
        try (ScriptedHttpServer server = ScriptedHttpServer.collection(50, true, top -> top * 2)) {
            assertThatThrownBy(() -> TopSkipPaging.fetchAll(client(), 5, skip -> server.uri("/p?$top=5&$skip=" + skip)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessageContaining("$top=5")
                    .hasMessageContaining("10 records");
        }
    }

    @Test
    void wellBehavedServerIsPagedToTheEnd() {
        try (ScriptedHttpServer server = ScriptedHttpServer.collection(23, true, Function.identity())) {
            List<JsonPage> pages = TopSkipPaging.fetchAll(client(), 5, skip -> server.uri("/p?$top=5&$skip=" + skip));

            assertThat(pages).extracting(JsonPage::records).containsExactly(5, 5, 5, 5, 3);
            assertThat(server.requests()).extracting(URI::getRawQuery)
                    .containsExactly("$top=5&$skip=0", "$top=5&$skip=5", "$top=5&$skip=10", "$top=5&$skip=15",
                            "$top=5&$skip=20");
        }
    }
}
