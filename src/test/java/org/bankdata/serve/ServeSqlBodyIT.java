package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The body of {@code POST /api/sql} is read strictly and explained in the user's words; answers keep 64-bit integers exact. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeSqlBodyIT {
    @TempDir
    static Path dir;

    private DashboardServer server;

    @BeforeAll
    void start() {
        server = DashboardServer.start(ServeConfig.local(ServeHttp.tinyLake(dir.resolve("lake")), 0));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void badBodiesAreExplainedWithoutJavaNames() {
        String like = "request body is not a JSON object like {\"sql\": \"SELECT ...\"}: ";
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("not json", like + "not valid JSON");
        cases.put("{\"sql\": \"SELECT 1\"", like + "not valid JSON");
        cases.put("{\"sql\": \"SELECT 1\"} {\"sql\": \"SELECT 2\"}", like + "there is more after the object");
        cases.put("{\"sql\": \"SELECT 1\"} trailing", like);
        cases.put("[\"SELECT 1\"]", like + "the body is not an object");
        cases.put("{\"sql\": 5}", like + "\"sql\" must be a string");
        cases.put("{\"sql\": [\"SELECT 1\"]}", like + "\"sql\" must be a string");
        cases.put("{\"format\": \"csv\"}", like + "it has no \"sql\" field");
        cases.put("", like + "the body is empty");
        cases.put("{\"sql\": \"SELECT 1\", \"limit\": 5}", "unknown field \"limit\" in the request body");
        cases.put("{\"sql\": \"SELECT 1\", \"format\": \"xml\"}", "format must be json or csv, not 'xml'");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ServeHttp.Answer a = ServeHttp.postJson(server, c.getKey());
            assertThat(a.status()).as(c.getKey() + " -> " + a.body()).isEqualTo(400);
            String message = a.json().get("message").asText();
            assertThat(message).as(c.getKey()).startsWith(c.getValue());
            assertThat(message).as(c.getKey()).doesNotContain("com.fasterxml").doesNotContain("java.")
                    .doesNotContain("org.bankdata").doesNotContain("Exception").doesNotContain("SqlRequest")
                    .doesNotContain("`").doesNotContain("Source");
        }
        assertThat(ServeHttp.postJson(server, "not json").json().get("message").asText()).contains("line 1, column");
        assertThat(ServeHttp.postJson(server, "{\n  \"sql\": \"SELECT 1\"\n}\n}").json().get("message").asText())
                .contains("line 4, column");
    }

    @Test
    void keysAndIntegersBeyondTwoToThe53AreStrings() {
        ServeHttp.Answer a = ServeHttp.postJson(server, ServeHttp.sqlBody("SELECT * FROM (VALUES"
                + " (7510374909018285005::BIGINT, 20211, 1::BIGINT, 12::BIGINT),"
                + " (-7510374909018285005::BIGINT, 20212, 9007199254740993::BIGINT, 13::BIGINT))"
                + " t(institution_key, period_key, big, total_complaints) ORDER BY period_key", "json"));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode rows = a.json().get("rows");
        // keys are strings, whatever their size
        assertThat(rows.get(0).get(0).isTextual()).isTrue();
        assertThat(rows.get(0).get(0).asText()).isEqualTo("7510374909018285005");
        assertThat(rows.get(1).get(0).asText()).isEqualTo("-7510374909018285005");
        assertThat(rows.get(0).get(1).asText()).isEqualTo("20211");
        assertThat(rows.get(0).get(1).isTextual()).isTrue();
        // a column with one integer beyond 2^53 is strings throughout, so it keeps one JSON type
        assertThat(rows.get(0).get(2).isTextual()).isTrue();
        assertThat(rows.get(0).get(2).asText()).isEqualTo("1");
        assertThat(rows.get(1).get(2).asText()).isEqualTo("9007199254740993");
        // ordinary measures stay numbers
        assertThat(rows.get(0).get(3).isNumber()).isTrue();
        assertThat(rows.get(1).get(3).asLong()).isEqualTo(13);
    }
}
