package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL page runs what DuckDB's parse of a statement shows to be allowed, whatever the spelling: quoted,
 * upper-case or qualified names of table functions read no file, and ordinary questions still run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSqlAllowListIT {
    @TempDir
    static Path dir;

    private DashboardServer server;
    private Path secret;
    private final String secretText = "secret-" + UUID.randomUUID();

    @BeforeAll
    void start() throws IOException {
        server = DashboardServer.start(ServeConfig.local(ServeHttp.tinyLake(dir.resolve("lake")), 0));
        // a file where DuckDB used to spill (<working folder>/.tmp), which it reads even with file access off
        Path tmp = Path.of(".tmp");
        Files.createDirectories(tmp);
        secret = tmp.resolve("bankdata-allow-list-" + UUID.randomUUID() + ".txt");
        Files.writeString(secret, secretText, StandardCharsets.UTF_8);
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
        Files.deleteIfExists(secret);
        try (var left = Files.list(secret.getParent())) {
            if (left.findAny().isEmpty()) {
                Files.delete(secret.getParent());
            }
        }
    }

    private ServeHttp.Answer sql(String sql) {
        return ServeHttp.postJson(server, ServeHttp.sqlBody(sql, "json"));
    }

    @Test
    void tableFunctionsAreRefusedHoweverTheyAreSpelled() {
        String file = ".tmp/" + secret.getFileName();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("SELECT * FROM \"read_text\"('" + file + "')", "read_text() is refused");
        refused.put("SELECT * FROM \"READ_TEXT\"('" + file + "')", "read_text() is refused");
        refused.put("SELECT content FROM main.\"read_text\"('" + file + "')", "read_text() is refused");
        refused.put("SELECT * FROM \"glob\"('.tmp/*')", "glob() is refused");
        refused.put("SELECT * FROM \"query\"('SELECT * FROM read_text(''" + file + "'')')", "query() is refused");
        refused.put("SELECT (SELECT content FROM \"read_blob\"('" + file + "')) AS c", "read_blob() is refused");
        refused.put("WITH t AS (SELECT * FROM \"read_csv\"('" + file + "')) SELECT * FROM t", "read_csv() is refused");
        refused.put("SELECT * FROM duckdb_settings()", "duckdb_settings() is refused");
        refused.put("SELECT * FROM range((SELECT count(*) FROM fact_complaints))", "range() takes only constant arguments");
        refused.put("SELECT length(range(2000000000))", "range() is refused");
        refused.put("SELECT * FROM '" + file + "'", "is not a published table");
        refused.put("SELECT * FROM memory.main.fact_complaints", "is not a published table");
        refused.put("SELECT current_setting('temp_directory')", "current_setting() is refused");
        refused.put("SELECT \"current_setting\"('temp_directory')", "current_setting() is refused");
        refused.put("SELECT main.current_setting('temp_directory')", "is refused");
        refused.put("SELECT getvariable('x')", "getvariable() is refused");
        refused.put("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r", "WITH RECURSIVE is refused");
        refused.put("SELECT list_transform([1, 2], x -> x + 1)", "is refused");
        refused.put("COPY fact_complaints TO '/tmp/out.csv'", "COPY is refused");
        refused.put("SELECT 1; SELECT 2", "one statement");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            ServeHttp.Answer a = sql(c.getKey());
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.body()).as(c.getKey()).doesNotContain(secretText);
            assertThat(a.json().get("message").asText()).as(c.getKey()).contains(c.getValue());
        }
    }

    @Test
    void functionsThatBuildHugeValuesAreRefusedAtOnce() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("SELECT length(repeat('xy', 1500000000))", "repeat() is refused");
        refused.put("SELECT length(lpad('x', 2000000000, 'y'))", "lpad() is refused");
        refused.put("SELECT length(printf('%2000000000d', 1))", "printf() is refused");
        refused.put("SELECT length(string_agg(name, ',')) FROM dim_institution", "string_agg() is refused");
        refused.put("SELECT length('" + "x".repeat(5000) + "')", "text constant longer than");
        // a value concatenated with itself level after level doubles at each level
        String doubling = "SELECT 'x' AS s";
        for (int i = 0; i < 40; i++) {
            doubling = "SELECT s || s AS s FROM (" + doubling + ")";
        }
        refused.put("SELECT length(s) FROM (" + doubling + ")", "concatenations");
        for (Map.Entry<String, String> c : refused.entrySet()) {
            long started = System.nanoTime();
            ServeHttp.Answer a = sql(c.getKey());
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            assertThat(a.json().get("message").asText()).as(c.getKey()).contains(c.getValue());
            assertThat((System.nanoTime() - started) / 1_000_000).as(c.getKey()).isLessThan(3000);
        }
    }

    @Test
    void everyChartAndOrdinaryQuestionsStillRun() {
        for (ChartQuery chart : ChartQuery.values()) {
            ServeHttp.Answer a = sql(chart.sql(QuarterRange.of("2020Q1", "2020Q2")));
            assertThat(a.status()).as(chart + " -> " + a.body()).isEqualTo(200);
        }
        List<String> allowed = List.of(
                "SELECT i.name, sum(f.total_complaints) AS total FROM fact_complaints f JOIN dim_institution i"
                        + " USING (institution_key) GROUP BY ALL ORDER BY total DESC, i.name LIMIT 3",
                "WITH t AS (SELECT period_key, count(*) AS n FROM fact_complaints GROUP BY period_key)"
                        + " SELECT * FROM t UNION ALL SELECT 0, 0 ORDER BY 1",
                "SELECT name, rank() OVER (ORDER BY cnpj8 DESC) AS r, upper(left(name, 2)) || '-' || cnpj8 AS code"
                        + " FROM dim_institution WHERE name ILIKE 'a%' OR name IN ('Beta', 'Gama') QUALIFY r <= 3",
                "SELECT CASE WHEN max_fee > 0 THEN 'paid' ELSE 'free' END AS kind, count(*), year(valid_from)"
                        + " FROM fact_service_fee WHERE valid_from BETWEEN DATE '2020-01-01' AND DATE '2021-12-31'"
                        + " GROUP BY ALL ORDER BY ALL",
                "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(n, s) WHERE EXISTS (SELECT 1 FROM dim_period)",
                "SELECT sum(range) FROM range(10)",
                "FROM chart_top_complaints SELECT institution_name, CAST(total_complaints AS DOUBLE) / 2 AS half");
        for (String sql : allowed) {
            ServeHttp.Answer a = sql(sql);
            assertThat(a.status()).as(sql + " -> " + a.body()).isEqualTo(200);
        }
        // an answer worked out by hand from the tiny lake: Delta 100, then Alfa, Beta, Gama 15 each
        ServeHttp.Answer top = sql(allowed.get(0));
        assertThat(top.json().get("rows").get(0).get(0).asText()).isEqualTo("Delta");
        assertThat(top.json().get("rows").get(0).get(1).asLong()).isEqualTo(100);
    }
}
