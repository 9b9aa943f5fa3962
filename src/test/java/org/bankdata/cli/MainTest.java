package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.provider.CsvSource;
import org.bankdata.query.TinyLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Exit codes and messages of the command line; nothing here starts Spark or reaches a published lake. */
class MainTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @CsvSource({"run,s3://bucket/bankdata", "tables,gs://bucket/bankdata", "runs,hdfs://namenode/bankdata",
            "query,http://example.org/bankdata", "job,s3n://bucket/x", "report,s3://bucket/x", "serve,gs://b/x",
            "export,s3://bucket/x", "dag,s3://bucket/x"})
    void aLakeUrlOfAnUnsupportedSchemeIsRefusedInOneLineAndNothingIsWritten(String verb, String url) {
        String scheme = url.substring(0, url.indexOf(':'));
        InProcessCli.Result result = switch (verb) {
            case "query" -> InProcessCli.bankdata(verb, "SELECT 1", "--lake", url);
            case "job" -> InProcessCli.bankdata(verb, "extract_banks", "--run", "r1", "--lake", url);
            case "export" -> InProcessCli.bankdata(verb, "postgres", "--lake", url);
            case "dag" -> InProcessCli.bankdata(verb, "--format", "airflow", "--lake", url);
            default -> InProcessCli.bankdata(verb, "--lake", url);
        };

        assertThat(result.exit()).as(result.err()).isEqualTo(2);
        assertThat(result.err()).contains("lake " + url + " has scheme " + scheme + ":, which bankdata does not support;"
                + " use a local path (./lake, /data/lake), a file: URL, or s3a://bucket/prefix").doesNotContain("Exception");
        assertThat(result.out()).isEmpty();
        assertThat(Path.of(scheme + ":")).doesNotExist();
    }

    @Test
    void aFileUrlIsALocalLake(@TempDir Path dir) {
        InProcessCli.Result result = InProcessCli.bankdata("tables", "--lake", dir.resolve("lake").toUri().toString());
        assertThat(result.err()).contains("nothing is published in lake " + dir.resolve("lake"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(execute("report", "--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void unknownVerbIsAUsageError() {
        assertThat(execute("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("frobnicate");
    }

    @Test
    void noVerbIsAUsageError() {
        assertThat(execute()).isEqualTo(2);
        assertThat(err.toString()).contains("bankdata run");
    }

    @Test
    void runWithAMissingComplaintsFolderIsAUsageErrorNamingIt() {
        Path missing = dir.resolve("nonexistent");

        int code = execute("run", "--complaints", missing.toString(), "--lake", dir.resolve("lake").toString(), "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("error: ").contains(missing.toString()).contains("--complaints");
        assertThat(dir.resolve("lake")).doesNotExist();
    }

    @Test
    void runWithAnApiUrlNotEndingInOdataIsAUsageError() {
        int code = execute("run", "--api-url", "http://127.0.0.1:9/olinda", "--lake", dir.resolve("lake").toString(),
                "--quiet");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("http://127.0.0.1:9/olinda").contains("/odata");
    }

    @Test
    void runWithAnOutOfRangePageSizeIsAUsageError() {
        assertThat(execute("run", "--api-page-size", "0", "--lake", dir.resolve("lake").toString(), "--quiet"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--api-page-size");
    }

    @Test
    void reportOnAnEmptyLakeFailsSayingNothingIsPublished() throws Exception {
        Path lake = Files.createDirectories(dir.resolve("empty-lake"));

        assertThat(execute("report", "--lake", lake.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing is published").contains(lake.toString()).contains("bankdata run");
    }

    @Test
    void tablesOnAnEmptyLakeFailsSayingNothingIsPublished() {
        assertThat(execute("tables", "--lake", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("nothing is published");
    }

    @Test
    void queryWithAnImpossibleQuarterIsAUsageError() {
        assertThat(execute("query", "--lake", dir.toString(), "--from", "2021Q5", "SELECT 1")).isEqualTo(2);
        assertThat(err.toString()).contains("2021Q5").contains("YYYYQn");
    }

    @Test
    void reportWithFromAfterToIsAUsageError() {
        assertThat(execute("report", "--lake", dir.toString(), "--from", "2021Q4", "--to", "2021Q1")).isEqualTo(2);
        assertThat(err.toString()).contains("2021Q4").contains("2021Q1");
    }

    @Test
    void badFormatIsAUsageError() {
        assertThat(execute("query", "--lake", dir.toString(), "--format", "xml", "SELECT 1")).isEqualTo(2);
        assertThat(err.toString()).contains("xml");
    }

    @Test
    void reportWithAQuarterRangeOverAPublishedLakePrintsTheAnswers() throws Exception {
        Path lake = dir.resolve("lake");
        TinyLake.publish(lake);
        int code = execute("report", "--lake", lake.toString(), "--from", "2020Q2", "--to", "2020Q2", "--format", "json");

        assertThat(code).as(err.toString()).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("quarters").asText()).isEqualTo("2020Q2–2020Q2 (1 quarters)");
        assertThat(json.get("chart_top_complaints").findValuesAsText("institution_name")).containsExactly("Gama", "Beta", "Alfa");
        assertThat(json.get("chart_top_complaints").findValues("total_complaints")).extracting(JsonNode::asLong)
                .containsExactly(15L, 8L, 5L);
        // Two institutions with both fees and complaints in 2020Q2: too few for a rank correlation.
        assertThat(json.get("institutions_with_fees_and_complaints").asInt()).isEqualTo(2);
        assertThat(json.get("spearman_services_vs_complaints").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "report", "query", "tables", "replay"})
    void everyVerbHasHelp(String verb) {
        assertThat(execute(verb, "--help")).isEqualTo(0);
        assertThat(out.toString()).contains("Usage: bankdata " + verb).contains("--help");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void topLevelHelpListsTheVerbs() {
        assertThat(execute("--help")).isEqualTo(0);
        assertThat(out.toString()).contains("run").contains("report").contains("query").contains("tables").contains("replay");
    }

    @Test
    void runRefusesABadRefreshPolicyOrPersonTypeAsUsageErrors() {
        assertThat(execute("run", "--refresh", "sometimes", "--lake", dir.resolve("lake").toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("--refresh").contains("older-than=30d");
        assertThat(execute("run", "--person-type", "X", "--lake", dir.resolve("lake").toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("--person-type").contains("both");
        assertThat(execute("run", "--api-concurrency", "0", "--lake", dir.resolve("lake").toString(), "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("--api-concurrency");
        assertThat(dir.resolve("lake")).doesNotExist();
    }

    @Test
    void aQuarterOutsideTheAcceptedYearsIsAUsageErrorGivingTheRange() {
        int nextYear = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;

        assertThat(execute("report", "--lake", dir.toString(), "--to", "9999Q4")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: --to 9999Q4 is out of range: quarters go from 1900Q1 to " + nextYear + "Q4\n");
        assertThat(execute("run", "--lake", dir.resolve("lake").toString(), "--from", "0000Q1", "--quiet")).isEqualTo(2);
        assertThat(err.toString()).contains("--from 0000Q1 is out of range").contains("1900Q1 to " + nextYear + "Q4");
        assertThat(execute("fetch-complaints", "--from", "2022Q1", "--to", (nextYear + 1) + "Q1", "--into", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--to " + (nextYear + 1) + "Q1 is out of range");
        assertThat(dir.resolve("lake")).doesNotExist();
    }

    @ParameterizedTest
    @Timeout(30) // serve would otherwise keep serving
    @ValueSource(strings = {"run", "report", "query", "tables", "serve", "runs", "job"})
    void aLakeThatIsAFileIsAUsageErrorForEveryVerbBeforeAnythingStarts(String verb) throws Exception {
        Path file = Files.writeString(dir.resolve("lake.txt"), "not a lake");
        String[] args = switch (verb) {
            case "query" -> new String[] {"query", "--lake", file.toString(), "SELECT 1"};
            case "job" -> new String[] {"job", "extract_banks", "--run", "r1", "--lake", file.toString()};
            case "serve" -> new String[] {"serve", "--lake", file.toString(), "--port", "0"};
            case "run" -> new String[] {"run", "--lake", file.toString(), "--quiet"};
            default -> new String[] {verb, "--lake", file.toString()};
        };
        long t0 = System.nanoTime();

        int code = execute(args);

        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: --lake " + file + " is a file, not a folder; give the lake folder"
                + " (it is created on the first `bankdata run`)\n");
        assertThat(out.toString()).isEmpty();
        assertThat(System.nanoTime() - t0).as("refused before starting anything").isLessThan(5_000_000_000L);
        assertThat(Files.readString(file)).isEqualTo("not a lake");
    }

    @Test
    void fetchComplaintsNeedsAQuarterRange() {
        assertThat(execute("fetch-complaints", "--from", "2022Q1")).isEqualTo(2);
        assertThat(err.toString()).contains("--to");
        assertThat(execute("fetch-complaints", "--from", "2022Q4", "--to", "2022Q1", "--into", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("swap");
        assertThat(execute("fetch-complaints", "--from", "2022Q5", "--to", "2022Q1", "--into", dir.toString())).isEqualTo(2);
    }
}
