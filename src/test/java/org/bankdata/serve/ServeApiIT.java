package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bankdata.RawTruth;
import org.bankdata.errors.UsageException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.HandWrittenTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.history.RunHistoryFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON API over a lake published by the real pipeline, through real HTTP on 127.0.0.1. Expected
 * values come from the raw files ({@link ServeTruth}), not from the code under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path work;

    private ServeTruth truth;
    private Path lake;
    private DashboardServer server;

    record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    @BeforeAll
    void start() {
        truth = new ServeTruth();
        lake = BundledLake.published();
        server = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private Answer get(DashboardServer s, String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url() + path.substring(1))).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(b.GET().build());
    }

    private Answer get(String path) {
        return get(server, path);
    }

    private Answer postSql(DashboardServer s, String sql, String format) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("sql", sql);
        body.put("format", format);
        try {
            return post(s, JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Answer post(DashboardServer s, String body) {
        return send(HttpRequest.newBuilder(URI.create(s.url() + "api/sql")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body(), r);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(request.uri() + ": " + e, e);
        }
    }

    private static List<RawTruth.Ranked> ranked(JsonNode chart, String valueColumn) {
        List<RawTruth.Ranked> rows = new ArrayList<>();
        chart.get("rows").forEach(r -> rows.add(new RawTruth.Ranked(r.get("institution_name").asText(), r.get(valueColumn).asLong())));
        return rows;
    }

    @Test
    void topComplaintsOverAllQuartersMatchTheRawFiles() {
        Answer a = get("/api/charts/top-complaints");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        assertThat(a.response().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        List<RawTruth.Ranked> rows = ranked(a.json(), "total_complaints");
        assertThat(rows.get(0)).isEqualTo(new RawTruth.Ranked("CAIXA ECONÔMICA FEDERAL (conglomerado)", 138_458));
        assertThat(rows).isEqualTo(truth.raw.topComplaints(0, 99999, 10));
    }

    @Test
    void quarterRangeAndTopNChangeTheRanking() {
        JsonNode chart = get("/api/charts/top-complaints?from=2021Q1&to=2021Q4&limit=20").json();
        assertThat(ranked(chart, "total_complaints")).isEqualTo(truth.raw.topComplaints(20211, 20214, 20));
        assertThat(chart.get("range").asText()).isEqualTo("2021Q1–2021Q4");
        JsonNode one = get("/api/charts/top-complaints?from=2020Q3&to=2020Q3&limit=3").json();
        assertThat(ranked(one, "total_complaints")).isEqualTo(truth.raw.topComplaints(20203, 20203, 3));
    }

    @Test
    void institutionTypeAndSegmentFilters() {
        assertThat(ranked(get("/api/charts/top-complaints?type=bank").json(), "total_complaints"))
                .isEqualTo(truth.topComplaints(0, 99999, 10, ServeTruth.banks()));
        assertThat(ranked(get("/api/charts/top-complaints?type=conglomerate&from=2020Q1&to=2020Q4").json(), "total_complaints"))
                .isEqualTo(truth.topComplaints(20201, 20204, 10, ServeTruth.conglomerates()));
        for (String segment : List.of("S1", "S2", "S3", "S4", "S5")) {
            List<RawTruth.Ranked> expected = truth.topComplaints(0, 99999, 50, truth.segment(segment));
            assertThat(ranked(get("/api/charts/top-complaints?segment=" + segment + "&limit=50").json(), "total_complaints"))
                    .as(segment).isEqualTo(expected);
        }
        assertThat(truth.topComplaints(0, 99999, 50, truth.segment("S4"))).hasSizeGreaterThan(10);
        // S1 shows the biggest banks: their conglomerates, conformed to the bank list
        assertThat(ranked(get("/api/charts/top-complaints?segment=S1").json(), "total_complaints")).extracting(RawTruth.Ranked::name)
                .startsWith("CAIXA ECONÔMICA FEDERAL (conglomerado)")
                .contains("BB (conglomerado)", "BRADESCO (conglomerado)", "ITAU (conglomerado)", "SANTANDER (conglomerado)");
    }

    @Test
    void emptyResultIsAnEmptyListNotAnError() {
        // no S1 conglomerate's main bank is among the bundled fee recordings: no free services and no scatter points
        Answer a = get("/api/charts/top-free-services?type=conglomerate&segment=S1");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("rows")).isEmpty();
        assertThat(a.json().get("rowCount").asInt()).isZero();
        JsonNode scatter = get("/api/charts/services-vs-complaints?type=conglomerate&segment=S1").json();
        assertThat(scatter.get("rows")).isEmpty();
        assertThat(scatter.get("spearman").isNull()).isTrue();
    }

    @Test
    void feeChartsNameTheRankedConglomeratesWithNoFeeData() {
        JsonNode scatter = get("/api/charts/services-vs-complaints?segment=S1").json();
        Map<String, String> reasons = new java.util.HashMap<>();
        scatter.get("noFeeData").forEach(r -> reasons.put(r.get("institution_name").asText(), r.get("reason").asText()));
        // the S1 conglomerates (ServeTruth.CONGLOMERATE_SEGMENTS); no main bank of theirs is among the bundled recordings
        assertThat(reasons.keySet()).containsExactlyInAnyOrder("CAIXA ECONÔMICA FEDERAL (conglomerado)", "BB (conglomerado)",
                "BRADESCO (conglomerado)", "ITAU (conglomerado)", "SANTANDER (conglomerado)", "BTG PACTUAL (conglomerado)",
                "BTG PACTUAL/BANCO PAN (conglomerado)");
        assertThat(reasons.get("ITAU (conglomerado)")).contains("60701190");
        assertThat(get("/api/charts/top-free-services").json().get("noFeeData").toString()).contains("NUBANK (conglomerado)");
        assertThat(get("/api/charts/top-complaints").json().has("noFeeData")).isFalse();
    }

    @Test
    void topFreeServicesMatchTheRawFees() {
        List<RawTruth.Ranked> rows = ranked(get("/api/charts/top-free-services").json(), "free_services");
        assertThat(rows.get(0)).isEqualTo(new RawTruth.Ranked("BANCO VIPAL S.A.", 63));
        assertThat(rows).isEqualTo(truth.raw.topFreeServices(10));
    }

    @Test
    void scatterHasEveryInstitutionWithBothAndItsSpearman() {
        JsonNode chart = get("/api/charts/services-vs-complaints").json();
        Map<String, long[]> expected = truth.raw.servicesVsComplaints();
        assertThat(chart.get("rowCount").asInt()).isEqualTo(67).isEqualTo(expected.size());
        double[] x = new double[expected.size()];
        double[] y = new double[expected.size()];
        int i = 0;
        for (long[] v : expected.values()) {
            x[i] = v[0];
            y[i++] = v[1];
        }
        assertThat(chart.get("spearman").asDouble()).isCloseTo(RawTruth.spearman(x, y), within(1e-9)).isCloseTo(-0.0766, within(5e-4));
        chart.get("rows").forEach(r -> {
            long[] v = expected.get(r.get("institution_name").asText());
            assertThat(new long[] {r.get("services").asLong(), r.get("total_complaints").asLong()}).isEqualTo(v);
        });
        JsonNode top5 = get("/api/charts/services-vs-complaints?limit=5").json();
        long fifth = expected.values().stream().map(v -> v[1]).sorted((a, b) -> Long.compare(b, a)).toList().get(4);
        assertThat(top5.get("rows")).hasSize(5);
        top5.get("rows").forEach(r -> assertThat(r.get("total_complaints").asLong()).isGreaterThanOrEqualTo(fifth));
    }

    @Test
    void chartCsvHasEveryRowWithAHeader() {
        Answer a = get("/api/charts/top-complaints?format=csv&limit=25");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.response().headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(a.response().headers().firstValue("Content-Disposition").orElse("")).contains("top-complaints.csv");
        List<String> lines = a.body().lines().toList();
        assertThat(lines).hasSize(26);
        assertThat(lines.get(0)).isEqualTo("institution_key,institution_name,total_complaints");
        assertThat(lines.get(1)).matches("-?\\d+,\"?CAIXA ECONÔMICA FEDERAL \\(conglomerado\\)\"?,138458");
    }

    @Test
    void badParametersAreJson4xxWithoutStackTraces() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/api/charts/top-complaints?from=2021Q9", "not a quarter");
        cases.put("/api/charts/top-complaints?from=2021Q4&to=2021Q1", "after");
        cases.put("/api/charts/top-complaints?limit=0", "limit");
        cases.put("/api/charts/top-complaints?limit=abc", "limit");
        cases.put("/api/charts/top-complaints?type=cooperative", "bank, conglomerate");
        cases.put("/api/charts/top-complaints?segment=S9", "S1, S2, S3, S4, S5");
        cases.put("/api/charts/top-complaints?format=xml", "format");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Answer a = get(c.getKey());
            assertThat(a.status()).as(c.getKey()).isEqualTo(400);
            assertThat(a.json().get("message").asText()).as(c.getKey()).contains(c.getValue());
            assertThat(a.body()).doesNotContain("at org.").doesNotContain("Exception");
        }
        Answer unknown = get("/api/charts/top-fees");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).contains("top-complaints");
        Answer nowhere = get("/api/nothing-here");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.json().get("status").asInt()).isEqualTo(404);
    }

    @Test
    void sqlRunsSelectAndWith() {
        Answer a = postSql(server, "SELECT count(*) AS n, sum(total_complaints) AS total FROM fact_complaints", "json");
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        long total = truth.raw.ranking.stream().mapToLong(RawTruth.RankingRow::total).sum();
        assertThat(a.json().get("rows").get(0).get(0).asLong()).isEqualTo(truth.raw.ranking.size());
        assertThat(a.json().get("rows").get(0).get(1).asLong()).isEqualTo(total);
        assertThat(a.json().get("rowCap").asInt()).isEqualTo(ServeConfig.DEFAULT_ROW_CAP);
        assertThat(a.json().get("truncated").asBoolean()).isFalse();
        Answer with = postSql(server, "-- the leader\nWITH t AS (SELECT * FROM chart_top_complaints) SELECT institution_name FROM t"
                + " ORDER BY total_complaints DESC LIMIT 1;", "json");
        assertThat(with.json().get("rows").get(0).get(0).asText()).as(with.body()).isEqualTo("CAIXA ECONÔMICA FEDERAL (conglomerado)");
    }

    @Test
    void sqlStatesTheRowCapAndTheCsvExportHasEveryRow() {
        Answer capped = postSql(server, "SELECT range AS n FROM range(2500)", "json");
        assertThat(capped.json().get("rowCount").asInt()).isEqualTo(1000);
        assertThat(capped.json().get("truncated").asBoolean()).isTrue();
        assertThat(capped.json().get("note").asText()).contains("first 1000 rows").contains("CSV");
        Answer csv = postSql(server, "SELECT range AS n FROM range(2500)", "csv");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(2501);
        assertThat(lines.get(0)).isEqualTo("n");
        assertThat(lines.get(2500)).isEqualTo("2499");
    }

    @Test
    void sqlRefusesAnythingButReadingThePublishedTables() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("SELECT * FROM read_csv('/etc/passwd')", "read_csv() is refused");
        refused.put("select * from READ_PARQUET('/tmp/x.parquet')", "read_parquet() is refused");
        refused.put("SELECT * FROM glob('/etc/*')", "glob() is refused");
        refused.put("SELECT * FROM '/etc/passwd'", "");
        refused.put("COPY fact_complaints TO '/tmp/out.csv'", "COPY is refused");
        refused.put("ATTACH '/tmp/other.db' AS other", "ATTACH is refused");
        refused.put("INSTALL httpfs", "INSTALL is refused");
        refused.put("LOAD httpfs", "LOAD is refused");
        refused.put("SET enable_external_access = true", "SET is refused");
        refused.put("PRAGMA database_list", "PRAGMA is refused");
        refused.put("DROP VIEW fact_complaints", "DROP is refused");
        refused.put("SELECT 1; DROP VIEW fact_complaints", "one statement");
        refused.put("EXPLAIN SELECT 1", "only SELECT or WITH");
        refused.put("   ", "write a query");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            Answer a = postSql(server, c.getKey(), "json");
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.json().get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
        // not even the lake's own Parquet files can be named: only published tables, by name
        Snapshot snapshot = new SnapshotStore(new LakeLayout(lake)).require();
        Path parquet;
        try (var files = Files.walk(lake.resolve(snapshot.table("fact_complaints").path()))) {
            parquet = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Answer direct = postSql(server, "SELECT count(*) FROM '" + parquet + "'", "json");
        assertThat(direct.status()).as(direct.body()).isEqualTo(400);
        assertThat(direct.json().get("message").asText()).contains("is not a published table");
        // the tables still work after all that
        assertThat(postSql(server, "SELECT count(*) FROM fact_complaints", "json").status()).isEqualTo(200);
        Answer typo = postSql(server, "SELECT nope FROM fact_complaints", "json");
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("message").asText()).contains("nope");
    }

    @Test
    void sqlBodyMustBeJsonAndSmall() {
        assertThat(post(server, "not json").status()).isEqualTo(400);
        assertThat(post(server, "{\"query\": \"SELECT 1\"}").json().get("message").asText()).contains("\"sql\"");
        String big = "SELECT '" + "x".repeat(100_000) + "'";
        Answer tooBig = postSql(server, big, "json");
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("message").asText()).contains("larger than");
    }

    @Test
    void aClientStillSendingABodyOverTheLimitReadsThe413() {
        // about 1 MB: far more than the socket buffers take at once, so the client is still sending when the server
        // answers; a server that closed the connection on the unread bytes reset it, and the client lost the answer
        String big = "SELECT '" + "x".repeat(1_000_000) + "'";
        for (int i = 0; i < 5; i++) {
            Answer tooBig = postSql(server, big, "json");
            assertThat(tooBig.status()).as("request %d", i + 1).isEqualTo(413);
            assertThat(tooBig.json().get("message").asText()).contains("larger than the 65536 bytes accepted");
        }
        assertThat(postSql(server, "SELECT 42", "json").json().get("rows").get(0).get(0).asInt()).isEqualTo(42);
    }

    @Test
    void slowQueriesAreCancelled() {
        try (DashboardServer quick = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0)
                .withQueryTimeout(Duration.ofMillis(500)))) {
            long started = System.nanoTime();
            Answer a = postSql(quick, "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b", "json");
            assertThat(a.status()).as(a.body()).isEqualTo(400);
            assertThat(a.json().get("message").asText()).contains("cancelled after the 500 ms time limit");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(postSql(quick, "SELECT 42", "json").json().get("rows").get(0).get(0).asInt()).isEqualTo(42);
        }
    }

    @Test
    void tablesAndHealth() {
        JsonNode tables = get("/api/tables").json();
        Snapshot snapshot = new SnapshotStore(new LakeLayout(lake)).require();
        assertThat(tables.get("runId").asText()).isEqualTo(snapshot.runId());
        List<String> names = new ArrayList<>();
        tables.get("tables").forEach(t -> {
            names.add(t.get("name").asText());
            if (t.get("name").asText().equals("fact_complaints")) {
                assertThat(t.get("rows").asLong()).isEqualTo(truth.raw.ranking.size());
            }
        });
        assertThat(names).contains("fact_complaints", "dim_institution", "chart_top_complaints");
        JsonNode health = get("/health").json();
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("runId").asText()).isEqualTo(snapshot.runId());
        JsonNode filters = get("/api/filters").json();
        assertThat(filters.get("quarters").toString()).isEqualTo(
                "[\"2020Q1\",\"2020Q2\",\"2020Q3\",\"2020Q4\",\"2021Q1\",\"2021Q2\",\"2021Q3\",\"2021Q4\"]");
    }

    @Test
    void runsSayThereIsNoHistoryWithoutTheHistoryFile() {
        Path copy = BundledLake.copyWithoutHistory(work.resolve("without-history"));
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(new LakeLayout(copy), 0))) {
            JsonNode runs = get(s, "/api/runs").json();
            assertThat(runs.get("history").asBoolean()).isFalse();
            assertThat(runs.get("message").asText()).contains("no run history");
            assertThat(runs.get("tables")).isNotEmpty();
            assertThat(runs.get("publishedAt").asText()).isNotBlank();
        }
    }

    @Test
    void runsShowTheRunThatPublishedTheTables() {
        JsonNode runs = get("/api/runs").json();
        assertThat(runs.path("history").asBoolean()).as(runs.toString()).isTrue();
        JsonNode newest = runs.get("runs").get(0);
        assertThat(newest.get("state").asText()).isEqualTo("succeeded");
        assertThat(newest.get("runId").asText()).isEqualTo(
                new SnapshotStore(new LakeLayout(BundledLake.published())).require().runId());
        assertThat(newest.get("tasks")).extracting(t -> t.get("task").asText()).containsExactlyInAnyOrder("extract_banks",
                "extract_complaints", "conform_conglomerates", "extract_fees", "build_dimensions", "build_facts", "build_charts", "check", "publish");
        assertThat(newest.get("tasks")).allSatisfy(t -> assertThat(t.get("state").asText()).isEqualTo("succeeded"));
        // the ranking files hold 892 rows: extract_complaints read them all
        assertThat(newest.get("tasks")).filteredOn(t -> t.get("task").asText().equals("extract_complaints"))
                .extracting(t -> t.get("rowsIn").asLong()).containsExactly((long) truth.raw.ranking.size());
    }

    @Test
    void runsComeFromTheHistoryDatabase() throws SQLException {
        Path copy = BundledLake.copyWithoutHistory(work.resolve("with-history"));
        RunHistoryFixture.write(copy.resolve("runs/history.db"));
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(new LakeLayout(copy), 0))) {
            JsonNode runs = get(s, "/api/runs").json();
            assertThat(runs.path("history").asBoolean()).as(runs.toString()).isTrue();
            assertThat(runs.get("runs")).hasSize(2);
            JsonNode newest = runs.get("runs").get(0);
            assertThat(newest.get("runId").asText()).isEqualTo("20261124T050000Z-b");
            assertThat(newest.get("state").asText()).isEqualTo("failed");
            assertThat(newest.get("error").asText()).contains("extract_fees");
            assertThat(newest.get("params").get("master").asText()).isEqualTo("local[*]");
            assertThat(newest.get("tasks")).hasSize(2);
            assertThat(newest.get("tasks").get(0).get("task").asText()).isEqualTo("extract_complaints");
            assertThat(newest.get("tasks").get(0).get("rowsOut").asLong()).isEqualTo(892);
            assertThat(newest.get("tasks").get(1).get("state").asText()).isEqualTo("failed");
            assertThat(newest.get("tasks").get(1).get("attempts").asInt()).isEqualTo(3);
            assertThat(runs.get("runs").get(1).get("state").asText()).isEqualTo("succeeded");
        }
    }

    @Test
    void aNewPublishIsServedWithoutARestart() throws SQLException, IOException, InterruptedException {
        Path copy = BundledLake.copy(work.resolve("republished"));
        LakeLayout layout = new LakeLayout(copy);
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(layout, 0))) {
            assertThat(ranked(get(s, "/api/charts/top-complaints").json(), "total_complaints"))
                    .isEqualTo(truth.raw.topComplaints(0, 99999, 10));
            // publish a snapshot whose fact_complaints holds only 2021, as a run over the 2021 files would
            SnapshotStore store = new SnapshotStore(layout);
            Snapshot before = store.require();
            Path version = HandWrittenTables.folder(layout, "fact_complaints", "republish");
            String old = before.table("fact_complaints").files().stream().map(f -> "'" + copy.resolve(f) + "'")
                    .collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT * FROM read_parquet(" + old + ") WHERE period_key >= 20211) TO '"
                        + version.resolve("part-0.parquet") + "' (FORMAT parquet)");
            }
            Map<String, PublishedTable> tables = new LinkedHashMap<>(before.tables());
            tables.put("fact_complaints", HandWrittenTables.of(layout, "fact_complaints", version, 0, "republish"));
            store.publish(new Snapshot("republish", Instant.now(), tables, before.runId()));

            // prepared beside the served release and swapped in when ready
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!get(s, "/api/tables").json().get("runId").asText().equals("republish") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(get(s, "/api/tables").json().get("runId").asText()).isEqualTo("republish");
            assertThat(ranked(get(s, "/api/charts/top-complaints").json(), "total_complaints"))
                    .isEqualTo(truth.raw.topComplaints(20211, 20214, 10));
        }
    }

    @Test
    void anUnpublishedLakeIsServedAndSaysWhatToDo() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty-lake"));
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(new LakeLayout(empty), 0))) {
            assertThat(get(s, "/health").json().get("published").asBoolean()).isFalse();
            Answer chart = get(s, "/api/charts/top-complaints");
            assertThat(chart.status()).isEqualTo(503);
            assertThat(chart.json().get("message").asText()).contains("nothing is published").contains("bankdata run");
            assertThat(get(s, "/api/tables").json().get("published").asBoolean()).isFalse();
        }
    }

    @Test
    void anotherHostNeedsATokenAndTheApiThenChecksIt() {
        LakeLayout layout = new LakeLayout(lake);
        assertThatThrownBy(() -> ServeConfig.local(layout, 0).withHost("0.0.0.0"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--token");
        assertThatThrownBy(() -> ServeConfig.local(layout, 0).withToken("short"))
                .isInstanceOf(UsageException.class).hasMessageContaining("16 characters");
        String token = "s3cret-token-0123456789";
        try (DashboardServer s = DashboardServer.start(ServeConfig.local(layout, 0).withToken(token))) {
            Answer none = get(s, "/api/tables");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().get("message").asText()).contains("Bearer");
            assertThat(get(s, "/api/charts/top-complaints", "Authorization", "Bearer wrong-token-0123456789").status())
                    .isEqualTo(401);
            assertThat(get(s, "/api/tables", "Authorization", "Bearer " + token).status()).isEqualTo(200);
            assertThat(get(s, "/health").status()).isEqualTo(200);
        }
    }

    @Test
    void pagesAndEChartsAreServedFromTheJar() {
        Answer page = get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/webjars/echarts/5.3.1/dist/echarts.min.js").doesNotContain("cdn");
        Answer echarts = get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.body().length()).isGreaterThan(500_000);
        assertThat(get("/sql.html").status()).isEqualTo(200);
        assertThat(get("/runs.html").status()).isEqualTo(200);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
