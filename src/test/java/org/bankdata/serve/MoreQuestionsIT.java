package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bankdata.cli.Main;
import org.bankdata.config.QuarterRange;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.InstitutionFilter;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.QueryResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * The complaints trend, the complaint-index ranking, one service's fee across institutions and the institution
 * profile, as Spark publishes them, as DuckDB answers them for a quarter range, through the JSON API and through
 * {@code bankdata report}: each checked against {@link MoreQuestionsTruth}, computed from the raw files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoreQuestionsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private MoreQuestionsTruth truth;
    private Path lake;
    private LakeQueryEngine engine;
    private DashboardServer server;

    @BeforeAll
    void start() {
        truth = new MoreQuestionsTruth();
        lake = BundledLake.published();
        engine = LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL);
        server = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0));
    }

    @AfterAll
    void stop() {
        server.close();
        engine.close();
    }

    private JsonNode get(String path, int status) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1)))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(status);
            return JSON.readTree(r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(path + ": " + e, e);
        }
    }

    private static List<MoreQuestionsTruth.Point> points(QueryResult r) {
        return r.rows().stream().map(row -> new MoreQuestionsTruth.Point((String) row.get(r.columnIndex("institution_name")),
                ((Number) row.get(r.columnIndex("period_key"))).intValue(),
                ((Number) row.get(r.columnIndex("total_complaints"))).longValue())).toList();
    }

    private static List<MoreQuestionsTruth.IndexRow> indexRows(QueryResult r) {
        return r.rows().stream().map(row -> new MoreQuestionsTruth.IndexRow((String) row.get(r.columnIndex("institution_name")),
                (BigDecimal) row.get(r.columnIndex("complaint_index")),
                ((Number) row.get(r.columnIndex("index_rank"))).intValue())).toList();
    }

    private static List<MoreQuestionsTruth.Fee> fees(QueryResult r) {
        return r.rows().stream().map(row -> new MoreQuestionsTruth.Fee((String) row.get(r.columnIndex("institution_name")),
                ((BigDecimal) row.get(r.columnIndex("max_fee"))).setScale(2),
                (String) row.get(r.columnIndex("fee_type")))).toList();
    }

    private static List<MoreQuestionsTruth.Fee> sorted(List<MoreQuestionsTruth.Fee> fees) {
        return fees.stream().sorted(Comparator.comparing(MoreQuestionsTruth.Fee::name)).toList();
    }

    @Test
    void publishedTrendFollowsTheFiveInstitutionsWithTheMostComplaints() {
        List<MoreQuestionsTruth.Point> expected = truth.trend(0, 99999, 5);
        assertThat(expected).hasSize(40).first().isEqualTo(new MoreQuestionsTruth.Point(
                "CAIXA ECONÔMICA FEDERAL (conglomerado)", 20201, 9271));
        assertThat(points(engine.chart(ChartQuery.COMPLAINTS_TREND))).isEqualTo(expected);
    }

    @Test
    void trendForAQuarterRangeAndAnotherNumberOfInstitutions() {
        QuarterRange range = QuarterRange.of("2021Q1", "2021Q4");
        String sql = ChartQuery.COMPLAINTS_TREND.sql(range, Integer.MAX_VALUE, InstitutionFilter.NONE, "3");
        assertThat(points(engine.query(sql))).isEqualTo(truth.trend(20211, 20214, 3));
        JsonNode api = get("/api/charts/complaints-trend?from=2021Q1&to=2021Q4&top=3", 200);
        assertThat(api.get("top").asText()).isEqualTo("3");
        assertThat(api.get("rowCount").asInt()).isEqualTo(truth.trend(20211, 20214, 3).size());
        get("/api/charts/complaints-trend?top=0", 400);
    }

    @Test
    void publishedIndexRankingIsTheLatestQuarterAboveFourMillionClients() {
        List<MoreQuestionsTruth.IndexRow> expected = truth.indexRanking(0, 99999, 4_000_000);
        assertThat(expected).isNotEmpty();
        assertThat(indexRows(engine.chart(ChartQuery.COMPLAINT_INDEX))).isEqualTo(expected);
    }

    @Test
    void indexRankingWithAnotherThresholdAndRange() {
        QuarterRange range = QuarterRange.of("2020Q1", "2020Q3");
        String sql = ChartQuery.COMPLAINT_INDEX.sql(range, Integer.MAX_VALUE, InstitutionFilter.NONE, "0");
        List<MoreQuestionsTruth.IndexRow> expected = truth.indexRanking(20201, 20203, 0);
        assertThat(indexRows(engine.query(sql))).isEqualTo(expected);
        JsonNode api = get("/api/charts/complaint-index?from=2020Q1&to=2020Q3&min-clients=0", 200);
        assertThat(api.get("rowCount").asInt()).isEqualTo(expected.size());
        assertThat(api.get("rows").get(0).get("institution_name").asText()).isEqualTo(expected.get(0).name());
        get("/api/charts/complaint-index?min-clients=lots", 400);
    }

    @Test
    void publishedServiceFeeIsTheMostOfferedServiceAtEveryRankedInstitution() {
        String code = truth.mostOfferedService();
        QueryResult published = engine.chart(ChartQuery.SERVICE_FEE);
        assertThat(published.rows()).allSatisfy(r -> assertThat(r.get(published.columnIndex("service_code"))).isEqualTo(code));
        List<MoreQuestionsTruth.Fee> expected = truth.serviceFees(code, 0, 99999);
        assertThat(sorted(fees(published))).isEqualTo(sorted(expected));
        BigDecimal most = expected.stream().filter(f -> f.type().equals("Real")).map(MoreQuestionsTruth.Fee::fee)
                .max(Comparator.naturalOrder()).orElseThrow();
        assertThat(fees(published).get(0).fee()).isEqualByComparingTo(most);
    }

    @Test
    void serviceFeeOfAChosenServiceThroughTheApiWithItsSummary() {
        List<MoreQuestionsTruth.Fee> expected = truth.serviceFees("0801", 20211, 20214);
        JsonNode api = get("/api/charts/service-fee?service=0801&from=2021Q1&to=2021Q4", 200);
        assertThat(api.get("rowCount").asInt()).isEqualTo(expected.size());
        JsonNode summary = api.get("summary");
        assertThat(summary.get("serviceCode").asText()).isEqualTo("0801");
        assertThat(summary.get("free").asInt()).isEqualTo((int) expected.stream().filter(f -> f.fee().signum() == 0).count());
        MoreQuestionsTruth.Fee most = expected.stream().filter(f -> f.type().equals("Real"))
                .max(Comparator.comparing(MoreQuestionsTruth.Fee::fee)).orElseThrow();
        assertThat(summary.get("mostFee").decimalValue()).isEqualByComparingTo(most.fee());
        get("/api/charts/service-fee?service=01'01", 400);
        assertThat(get("/api/charts/service-fee?service=9999", 200).get("rowCount").asInt()).isZero();
    }

    @Test
    void institutionSearchIgnoresAccentsAndCaseAndTheProfileMatchesTheRawFiles() {
        JsonNode found = get("/api/institutions?q=" + URLEncoder.encode("caixa economica", StandardCharsets.UTF_8), 200);
        JsonNode caixa = null;
        for (JsonNode r : found.get("rows")) {
            if (r.get("name").asText().equals("CAIXA ECONÔMICA FEDERAL (conglomerado)")) {
                caixa = r;
            }
        }
        assertThat(caixa).as(found.toString()).isNotNull();
        JsonNode profile = get("/api/institutions/" + caixa.get("institution_key").asText(), 200);
        assertThat(profile.get("institution").get("institution_type").asText()).isEqualTo("conglomerate");
        List<MoreQuestionsTruth.Quarter> expected = truth.quarters("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        List<MoreQuestionsTruth.Quarter> actual = new ArrayList<>();
        profile.get("quarters").forEach(q -> actual.add(new MoreQuestionsTruth.Quarter(q.get("period_key").asInt(),
                q.get("regulated_upheld").asLong(), q.get("total_complaints").asLong(),
                q.get("complaint_index").isNull() ? null : q.get("complaint_index").decimalValue().setScale(2),
                q.get("index_rank").isNull() ? null : q.get("index_rank").asInt(),
                q.get("ranked_in_category").isNull() ? 0 : q.get("ranked_in_category").asInt())));
        assertThat(actual).isEqualTo(expected);
        assertThat(expected.stream().mapToLong(MoreQuestionsTruth.Quarter::total).sum()).isEqualTo(138_458);
    }

    @Test
    void profileOfABankListsItsCurrentFeesAndFreeServices() {
        JsonNode found = get("/api/institutions?q=vipal", 200);
        assertThat(found.get("rowCount").asInt()).isEqualTo(1);
        JsonNode vipal = found.get("rows").get(0);
        JsonNode profile = get("/api/institutions/" + vipal.get("institution_key").asText(), 200);
        Map<String, BigDecimal> expected = truth.schedule(vipal.get("cnpj8").asText());
        Map<String, BigDecimal> actual = new TreeMap<>();
        profile.get("fees").forEach(f -> actual.put(f.get("service_code").asText(), f.get("max_fee").decimalValue().setScale(2)));
        assertThat(actual).isEqualTo(expected);
        long free = expected.values().stream().filter(v -> v.signum() == 0).count();
        assertThat(profile.get("freeServices").size()).isEqualTo((int) free).isEqualTo(63);
    }

    private JsonNode profileOf(String exactName) {
        JsonNode found = get("/api/institutions?q=" + URLEncoder.encode(exactName, StandardCharsets.UTF_8), 200);
        for (JsonNode r : found.get("rows")) {
            if (r.get("name").asText().equals(exactName)) {
                return get("/api/institutions/" + r.get("institution_key").asText(), 200);
            }
        }
        throw new AssertionError(exactName + " not found: " + found);
    }

    @Test
    void conglomeratePageShowsItsSegmentLeaderAndWhyItHasNoFeeData() {
        // bank list: "S1<TAB>360305<TAB>CAIXA ECONOMICA FEDERAL - PRUDENCIAL"; no recording of 00360305 is bundled
        JsonNode caixa = profileOf("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(caixa.get("institution").get("segment").asText()).isEqualTo("S1");
        assertThat(caixa.get("institution").get("leader_cnpj8").asText()).isEqualTo("00360305");
        assertThat(truth.schedule("00360305")).isEmpty();
        assertThat(caixa.get("fees")).isEmpty();
        assertThat(caixa.get("feeNote").asText()).startsWith("No fee data").contains("00360305");
    }

    @Test
    void conglomeratePageShowsItsMainBanksSchedule() {
        // bank list: "S4<TAB>78632767<TAB>OURINVEST - PRUDENCIAL"; the bank's own recording is bundled
        JsonNode ourinvest = profileOf("OURINVEST (conglomerado)");
        assertThat(ourinvest.get("institution").get("fee_cnpj8").asText()).isEqualTo("78632767");
        Map<String, BigDecimal> actual = new TreeMap<>();
        ourinvest.get("fees").forEach(f -> actual.put(f.get("service_code").asText(), f.get("max_fee").decimalValue().setScale(2)));
        assertThat(actual).isNotEmpty().isEqualTo(truth.schedule("78632767"));
        assertThat(ourinvest.get("feeNote").asText()).contains("main bank").contains("78632767");
    }

    @Test
    void renamedInstitutionShowsTheNamesItWasPublishedUnder() {
        List<String> expected = truth.nameRuns("92874270");
        assertThat(expected).hasSizeGreaterThan(1);
        JsonNode found = get("/api/institutions?q=92874270", 200);
        assertThat(found.get("rowCount").asInt()).isEqualTo(1);
        JsonNode profile = get("/api/institutions/" + found.get("rows").get(0).get("institution_key").asText(), 200);
        List<String> actual = new ArrayList<>();
        profile.get("names").forEach(n -> actual.add(n.get("name").asText() + " " + n.get("first_quarter").asText() + "-"
                + n.get("last_quarter").asText()));
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void unknownInstitutionIsA404WithAMessage() {
        JsonNode missing = get("/api/institutions/12345", 404);
        assertThat(missing.get("message").asText()).contains("no institution with key 12345");
        assertThat(get("/api/institutions/abc", 404).get("message").asText()).contains("no institution with key 'abc'");
        get("/api/institutions?q=", 400);
    }

    private record Cli(int exit, String out, String err) {
    }

    private Cli report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("report", "--lake", lake.toString()));
        all.addAll(List.of(args));
        return new Cli(cli.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void reportOnOneInstitutionByAnAccentlessName() {
        Cli vipal = report("--institution", "banco vipal");
        assertThat(vipal.exit()).as(vipal.err()).isZero();
        assertThat(vipal.out()).startsWith("BANCO VIPAL S.A.").contains("Services offered free: 63");
        Cli caixa = report("--institution", "caixa economica federal (conglomerado)");
        assertThat(caixa.exit()).as(caixa.err()).isZero();
        assertThat(caixa.out()).contains("type: conglomerate").contains("2021Q4").contains("8650")
                .contains("segment: S1").contains("leader CNPJ root: 00360305").contains("No fee data");
    }

    @Test
    void reportWithSeveralOrNoMatchesIsAUsageError() {
        Cli several = report("--institution", "banco");
        assertThat(several.exit()).isEqualTo(2);
        assertThat(several.err()).contains("BANCO VIPAL S.A.").contains("be more specific");
        Cli none = report("--institution", "no such bank");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("'no such bank'");
    }

    @Test
    void reportTakesTheNewQuestionsSettings() {
        Cli r = report("--top", "2", "--min-clients", "0", "--service", "0801", "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        try {
            JsonNode json = JSON.readTree(r.out());
            assertThat(json.get("chart_complaints_trend").size()).isEqualTo(truth.trend(0, 99999, 2).size());
            assertThat(json.get("chart_complaint_index").size()).isEqualTo(truth.indexRanking(0, 99999, 0).size());
            assertThat(json.get("chart_service_fee").size()).isEqualTo(truth.serviceFees("0801", 0, 99999).size());
        } catch (IOException e) {
            throw new AssertionError(r.out(), e);
        }
    }
}
