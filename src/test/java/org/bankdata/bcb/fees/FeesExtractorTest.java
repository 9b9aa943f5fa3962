package org.bankdata.bcb.fees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.config.RefreshPolicy;
import org.bankdata.errors.BadInputException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawFile;
import org.bankdata.lake.RawLanding;
import org.bankdata.source.rest.FetchProgressBar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.bcb.replay.FeesReplayServer;
import org.bankdata.config.PersonType;

/** Extraction through the real HTTP client from the bundled replay, landing into a temp lake. */
@Timeout(60)
class FeesExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CNPJS = List.of("09526594", "00122327", "00000001");
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

    /** Extracts as the extract_fees task does, whose manifest lines are written when the task ends. */
    private FeesExtraction extract(FeesReplayServer server, List<PersonType> types, RefreshPolicy refresh, String runId) {
        RawLanding landing = new RawLanding(new LakeLayout(lake), runId);
        try {
            return new FeesExtractor(new OlindaFeesApi(server.baseUrl()), 10, 2).extract(CNPJS, types, refresh,
                    new FeeAnswerStore(new LakeLayout(lake), "replay"), landing, runId, null);
        } finally {
            landing.flushManifest();
        }
    }

    @Test
    void landsEveryPageOfEveryInstitutionKeyedByPersonTypeCnpjAndFetchDate() throws IOException {
        long before = replay.requestCount();
        FeesExtraction extraction = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R1");
        List<FeePage> pages = extraction.pages();

        for (String cnpj : CNPJS) {
            int n = recordedCount(cnpj);
            List<FeePage> mine = pages.stream().filter(p -> p.cnpj8().equals(cnpj)).toList();
            // pages of 10 until one holds fewer than 10 (an empty one when n is a multiple of 10)
            assertThat(mine).as(cnpj).hasSize(n / 10 + 1);
            assertThat(mine.stream().mapToInt(FeePage::records).sum()).as(cnpj).isEqualTo(n);
            assertThat(mine).extracting(FeePage::skip).as(cnpj).isSorted();
            assertThat(mine).allSatisfy(p -> assertThat(p.loadId()).isEqualTo("R1"));
        }
        assertThat(recordedCount("09526594")).isEqualTo(63);
        assertThat(recordedCount("00000001")).isZero();
        assertThat(extraction.fetched()).isEqualTo(3);
        assertThat(extraction.reused()).isZero();
        assertThat(extraction.requests()).isEqualTo(pages.size()).isEqualTo(replay.requestCount() - before);
        assertThat(extraction.retries()).isZero();

        // raw/fees/<source>/<person type>/<cnpj8>/<fetch date>/<run>/<page>
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(pages.stream().filter(p -> p.cnpj8().equals("09526594")).findFirst().orElseThrow().storedAs())
                .matches("raw/fees/replay/J/09526594/(" + today + "|" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + ")/R1/"
                        + "J_09526594_skip-000000\\.json");
        assertThat(pages).allSatisfy(p -> assertThat(lake.resolve(p.storedAs()).getParent().resolve(FeeAnswerStore.ANSWER_FILE))
                .exists());

        // The landed bytes hold exactly the recorded records, in order.
        List<JsonNode> landed = new ArrayList<>();
        for (FeePage page : pages.stream().filter(p -> p.cnpj8().equals("09526594")).toList()) {
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
    void aSecondRunWithNothingNewMakesNoRequestAndReusesTheRecordedAnswers() {
        FeesExtraction first = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R1");
        long before = replay.requestCount();

        FeesExtraction second = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R2");

        assertThat(replay.requestCount()).isEqualTo(before);
        assertThat(second.requests()).isZero();
        assertThat(second.fetched()).isZero();
        assertThat(second.reused()).isEqualTo(3);
        assertThat(second.nothingNew()).isTrue();
        assertThat(second.describe()).contains("nothing new").contains("3 recorded answer(s) reused").contains("no request");
        // the reused pages keep the lineage of the run that fetched them
        assertThat(second.pages()).extracting(FeePage::storedAs, FeePage::loadId, FeePage::fetchedAt, FeePage::url)
                .containsExactlyInAnyOrderElementsOf(first.pages().stream()
                        .map(p -> org.assertj.core.groups.Tuple.tuple(p.storedAs(), "R1", p.fetchedAt(), p.url())).toList());
        // and are listed in the second run's manifest, so it reconciles what it uses
        assertThat(RawLanding.readManifest(new LakeLayout(lake), "R2")).extracting(RawFile::storedAs)
                .containsExactlyInAnyOrderElementsOf(first.pages().stream().map(FeePage::storedAs).toList());
    }

    @Test
    void refreshAlwaysFetchesEveryAnswerAgainAndOlderThanOnlyStaleOnes() {
        extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R1");

        long before = replay.requestCount();
        FeesExtraction recent = extract(replay, List.of(PersonType.J), RefreshPolicy.parse("older-than=30d"), "R2");
        assertThat(replay.requestCount()).isEqualTo(before);
        assertThat(recent.reused()).isEqualTo(3);

        FeesExtraction again = extract(replay, List.of(PersonType.J), RefreshPolicy.ALWAYS, "R3");
        assertThat(again.fetched()).isEqualTo(3);
        assertThat(replay.requestCount() - before).isEqualTo(again.requests()).isEqualTo(again.pages().size());
        assertThat(again.pages()).allSatisfy(p -> assertThat(p.loadId()).isEqualTo("R3"));

        // the newest answer wins from now on
        FeesExtraction after = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R4");
        assertThat(after.pages()).allSatisfy(p -> assertThat(p.loadId()).isEqualTo("R3"));
    }

    @Test
    void newInstitutionsAreFetchedWhileKnownOnesAreReused() {
        new FeesExtractor(new OlindaFeesApi(replay.baseUrl()), 10, 2).extract(List.of("09526594"), List.of(PersonType.J),
                RefreshPolicy.MISSING, new FeeAnswerStore(new LakeLayout(lake), "replay"),
                new RawLanding(new LakeLayout(lake), "R1"), "R1", null);

        FeesExtraction second = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R2");

        assertThat(second.reused()).isEqualTo(1);
        assertThat(second.fetched()).isEqualTo(2);
        assertThat(second.describe()).contains("2 answer(s) fetched").contains("1 reused");
    }

    @Test
    void bothPersonTypesAreFetchedFromTheirOwnRecordings(@TempDir Path responses) throws IOException {
        Files.copy(BundledData.feeResponses().resolve("J_09526594.json"), responses.resolve("J_09526594.json"));
        JsonNode natural = JSON.readTree(BundledData.feeResponses().resolve("J_00122327.json").toFile());
        ((ObjectNode) natural.get("value").get(0)).put("Servico", "only for natural persons");
        JSON.writeValue(responses.resolve("F_09526594.json").toFile(), natural);

        try (FeesReplayServer own = FeesReplayServer.start(responses)) {
            FeesExtraction both = new FeesExtractor(new OlindaFeesApi(own.baseUrl()), 100, 2).extract(List.of("09526594"),
                    PersonType.parseChoice("both"), RefreshPolicy.MISSING, new FeeAnswerStore(new LakeLayout(lake), "replay"),
                    new RawLanding(new LakeLayout(lake), "R1"), "R1", null);

            assertThat(both.answers()).isEqualTo(2);
            FeePage j = both.pages().stream().filter(p -> p.personType() == PersonType.J).findFirst().orElseThrow();
            FeePage f = both.pages().stream().filter(p -> p.personType() == PersonType.F).findFirst().orElseThrow();
            assertThat(j.records()).isEqualTo(63);
            assertThat(f.records()).isEqualTo(natural.get("value").size());
            assertThat(f.url()).contains("@PessoaFisicaOuJuridica='F'");
            assertThat(f.storedAs()).startsWith("raw/fees/replay/F/09526594/");
            assertThat(Files.readString(lake.resolve(f.storedAs()))).contains("only for natural persons");
        }
    }

    @Test
    void progressBarCountsInstitutionsAndPages() {
        StringWriter err = new StringWriter();
        FeesExtractor extractor = new FeesExtractor(new OlindaFeesApi(replay.baseUrl()), 10, 2);
        try (FetchProgressBar bar = new FetchProgressBar(new PrintWriter(err), false, "extract_fees", 3, extractor::stats)) {
            extractor.extract(CNPJS, List.of(PersonType.J), RefreshPolicy.MISSING, new FeeAnswerStore(new LakeLayout(lake), "replay"),
                    new RawLanding(new LakeLayout(lake), "R1"), "R1", bar);
        }
        // 63 + 25 records in pages of 10, and one empty page for the unknown CNPJ
        assertThat(err.toString()).contains("3/3 institutions").contains((7 + 3 + 1) + " pages").contains("0 retries")
                .contains("req/s");
    }

    @Test
    void aServiceThatRefusesTheUrlStopsTheExtraction() {
        OlindaFeesApi wrongBase = new OlindaFeesApi(URI.create(replay.baseUrl() + "/not-the-service/odata"));

        assertThatThrownBy(() -> new FeesExtractor(wrongBase, 10, 2).extract(List.of("09526594"), List.of(PersonType.J),
                RefreshPolicy.MISSING, new FeeAnswerStore(new LakeLayout(lake), "replay"), new RawLanding(new LakeLayout(lake), "R2"),
                "R2", null))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("not-the-service");
        assertThat(new FeeAnswerStore(new LakeLayout(lake), "replay").isEmpty()).isTrue();
    }

    @Test
    void pageFileNamesArePaddedAndSortable() {
        assertThat(FeePage.fileName(PersonType.J, "00000000", 0)).isEqualTo("J_00000000_skip-000000.json");
        assertThat(FeePage.fileName(PersonType.F, "09526594", 1200)).isEqualTo("F_09526594_skip-001200.json");
    }

    @Test
    void sourceKeysSeparateServices() {
        assertThat(FeeAnswerStore.sourceKey(null)).isEqualTo("replay");
        assertThat(FeeAnswerStore.sourceKey(URI.create(OlindaFeesApi.LIVE_BASE))).isEqualTo("olinda.bcb.gov.br");
        assertThat(FeeAnswerStore.sourceKey(URI.create("http://127.0.0.1:8089/x/odata"))).isEqualTo("127.0.0.1_8089");
    }

    /**
     * A server in front of the replay that answers the second page of one institution with an HTML error page,
     * every time: that institution is skipped and reported, the other two land, and nothing fails.
     */
    @Test
    void anInstitutionWhoseAnswerStaysMalformedIsSkippedAndCountedWhileTheOthersLand() throws Exception {
        String bad = "00122327";
        assertThat(recordedCount(bad)).isGreaterThan(10);
        AtomicInteger badAsked = new AtomicInteger();
        HttpServer front = frontWithUnusablePage(bad, badAsked);
        try {
            URI base = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + FeesReplayServer.BASE_PATH);
            FeeAnswerStore store = new FeeAnswerStore(new LakeLayout(lake), "replay");

            FeesExtraction extraction = new FeesExtractor(new OlindaFeesApi(base), 10, 2).extract(CNPJS, List.of(PersonType.J),
                    RefreshPolicy.MISSING, store, new RawLanding(new LakeLayout(lake), "R1"), "R1", null);

            URI badPage = new OlindaFeesApi(base).pageUri(PersonType.J, bad, 10, 10);
            assertThat(extraction.skippedAnswers()).isEqualTo(1);
            assertThat(extraction.skipped()).singleElement().satisfies(s -> {
                assertThat(s.personType()).isEqualTo(PersonType.J);
                assertThat(s.cnpj8()).isEqualTo(bad);
                assertThat(s.reason()).startsWith("the answer of " + badPage + " is not JSON: Unexpected character ('<'");
            });
            // asked once and retried twice, then left alone
            assertThat(badAsked.get()).isEqualTo(3);
            assertThat(extraction.answers()).isEqualTo(3);
            assertThat(extraction.fetched()).isEqualTo(2);
            assertThat(extraction.pages()).extracting(FeePage::cnpj8).doesNotContain(bad)
                    .contains("09526594", "00000001");
            assertThat(extraction.pages().stream().mapToInt(FeePage::records).sum())
                    .isEqualTo(recordedCount("09526594") + recordedCount("00000001"));
            // nothing of it recorded, so the next run asks again
            assertThat(store.latest()).containsOnlyKeys("J_09526594", "J_00000001");
            assertThat(extraction.describe()).endsWith(", 1 skipped (unusable answer)");
            assertThat(extraction.skippedWarning()).startsWith("1 fees answer(s) skipped")
                    .contains("J " + bad + ": the answer of " + badPage + " is not JSON");
        } finally {
            front.stop(0);
        }
    }

    /**
     * A server in front of the replay that answers the second page of {@code cnpj8}'s answer (skip 10) with an HTML
     * page, counting those requests, and passes every other request on to the replay.
     */
    private static HttpServer frontWithUnusablePage(String cnpj8, AtomicInteger asked) throws IOException {
        HttpClient forward = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpServer front = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.createContext("/", exchange -> {
            try (exchange) {
                String uri = exchange.getRequestURI().toString();
                byte[] body;
                if (uri.contains("@CNPJ='" + cnpj8 + "'") && uri.endsWith("$skip=10")) {
                    asked.incrementAndGet();
                    body = "<html><body>maintenance</body></html>".getBytes(StandardCharsets.UTF_8);
                } else {
                    URI upstream = URI.create("http://127.0.0.1:" + replay.baseUrl().getPort() + uri);
                    body = forward.send(HttpRequest.newBuilder(upstream).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                }
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        front.start();
        return front;
    }

    /** The landed page of {@code cnpj8}'s recorded answer at {@code skip}. */
    private Path landedPage(FeesExtraction extraction, String cnpj8, int skip) {
        return lake.resolve(extraction.pages().stream().filter(p -> p.cnpj8().equals(cnpj8) && p.skip() == skip)
                .findFirst().orElseThrow().storedAs());
    }

    @Test
    void aRecordedAnswerWhosePageIsMissingEmptyOrChangedIsFetchedAgainNotReused() throws IOException {
        FeesExtraction first = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R1");
        // what a machine crash can leave of pages written without waiting for the disk, and what a hand can do
        Path emptied = landedPage(first, "09526594", 10);
        long landedSize = Files.size(emptied);
        Files.write(emptied, new byte[0]);
        Path removed = landedPage(first, "00122327", 0);
        Files.delete(removed);
        long before = replay.requestCount();

        FeesExtraction second = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R2");

        assertThat(second.reused()).as("00000001's answer is intact").isEqualTo(1);
        assertThat(second.fetched()).isEqualTo(2);
        int expectedRequests = recordedCount("09526594") / 10 + 1 + recordedCount("00122327") / 10 + 1;
        assertThat(replay.requestCount() - before).isEqualTo(second.requests()).isEqualTo(expectedRequests);
        assertThat(second.pages()).filteredOn(p -> !p.cnpj8().equals("00000001"))
                .allSatisfy(p -> assertThat(p.loadId()).isEqualTo("R2"));
        assertThat(second.pages().stream().mapToInt(FeePage::records).sum())
                .isEqualTo(recordedCount("09526594") + recordedCount("00122327"));
        assertThat(second.damaged()).containsExactlyInAnyOrder(
                "J 09526594: " + emptied + " has 0 bytes where " + landedSize + " were landed",
                "J 00122327: " + removed + " is missing");
        assertThat(second.describe()).contains("2 answer(s) fetched").contains("1 reused").endsWith(", 2 recorded answer(s) damaged");
        assertThat(second.damagedWarning()).startsWith("2 recorded fees answer(s) could not be used again")
                .contains("so they were fetched again").contains(removed + " is missing");

        // the answers fetched again are whole: the next run reuses all three without a request
        long after = replay.requestCount();
        FeesExtraction third = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R3");
        assertThat(replay.requestCount()).isEqualTo(after);
        assertThat(third.reused()).isEqualTo(3);
        assertThat(third.damaged()).isEmpty();
        assertThat(third.damagedWarning()).isNull();
    }

    @Test
    void anUnusableAnswerIsNotStoodInForByARecordedAnswerWhosePageChanged() throws Exception {
        String bad = "00122327";
        FeesExtraction first = extract(replay, List.of(PersonType.J), RefreshPolicy.MISSING, "R1");
        Path changed = landedPage(first, bad, 0);
        byte[] bytes = Files.readAllBytes(changed);
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == '0' ? '1' : '0'); // one byte, the same length
        Files.write(changed, bytes);
        HttpServer front = frontWithUnusablePage(bad, new AtomicInteger());
        try {
            URI base = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + FeesReplayServer.BASE_PATH);

            FeesExtraction second = new FeesExtractor(new OlindaFeesApi(base), 10, 2).extract(CNPJS, List.of(PersonType.J),
                    RefreshPolicy.ALWAYS, new FeeAnswerStore(new LakeLayout(lake), "replay"),
                    new RawLanding(new LakeLayout(lake), "R2"), "R2", null);

            assertThat(second.kept()).as("the recorded answer is not the one that was landed").isEmpty();
            assertThat(second.skipped()).singleElement().satisfies(s -> {
                assertThat(s.cnpj8()).isEqualTo(bad);
                assertThat(s.reason()).contains("is not JSON")
                        .endsWith("; the recorded answer cannot stand in: " + changed
                                + " does not have the bytes that were landed (its SHA-256 differs)");
            });
            assertThat(second.damaged()).containsExactly("J " + bad + ": " + changed
                    + " does not have the bytes that were landed (its SHA-256 differs)");
            assertThat(second.pages()).extracting(FeePage::cnpj8).doesNotContain(bad).contains("09526594");
        } finally {
            front.stop(0);
        }
    }
}
