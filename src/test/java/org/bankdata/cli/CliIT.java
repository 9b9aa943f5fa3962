package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.config.QuarterRange;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.reference.ChartAnswers;
import org.bankdata.reference.ReferenceOutput;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The verbs as a user types them, in-process, on the shared SparkSession. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    @TempDir
    static Path work;

    private Path lake;
    private Result firstRun;

    record Result(int exit, String out, String err) {
    }

    static Result bankdata(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @BeforeAll
    void runOnBundledDataWithAnExtraNonCsvFile() throws IOException {
        TestSpark.session();
        Path complaints = copyOfBundledComplaints("with-readme");
        Files.writeString(complaints.resolve("README.txt"), "not a ranking file, and not a .csv: ignored");
        lake = work.resolve("lake");
        firstRun = bankdata("run", "--complaints", complaints.toString(), "--banks", BundledData.bankList().toString(),
                "--lake", lake.toString(), "--format", "json");
    }

    @Test
    void runPrintsTheThreeAnswersAndProgress() throws IOException {
        assertThat(firstRun.exit()).as(firstRun.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(firstRun.out());
        assertThat(report.get("chart_top_complaints").get(0).get("institution_name").asText())
                .isEqualTo("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(report.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(138_458);
        assertThat(report.get("chart_top_free_services").get(0).get("institution_name").asText()).isEqualTo("BANCO VIPAL S.A.");
        assertThat(report.get("chart_top_free_services").get(0).get("free_services").asLong()).isEqualTo(63);
        assertThat(report.get("chart_top_complaints")).hasSize(10);
        assertThat(report.get("spearman_services_vs_complaints").isNumber()).isTrue();
        assertThat(report.get("quarters").asText()).isEqualTo("2020Q1–2021Q4 (8 quarters)");
        assertThat(firstRun.err()).contains("extract_fees").contains("succeeded").contains("publish");
    }

    @Test
    void theRunClosesWithOneLineTimedLikeItsRunHistory() {
        assertThat(firstRun.exit()).as(firstRun.err()).isZero();
        List<String> closing = firstRun.err().lines().filter(l -> l.contains(" succeeded in ")).toList();
        assertThat(closing).as(firstRun.err()).hasSize(1);
        Matcher line = Pattern.compile("^run (\\S+) succeeded in ([0-9.]+) s; published " + Pattern.quote(lake.toString()))
                .matcher(closing.get(0));
        assertThat(line.find()).as(closing.get(0)).isTrue();

        Result runs = bankdata("runs", "--lake", lake.toString(), "--format", "csv", "--limit", "100");
        assertThat(runs.out().lines().filter(l -> l.startsWith(line.group(1) + ",")))
                .singleElement().asString().startsWith(line.group(1) + ",succeeded,")
                .contains("," + line.group(2) + ",run,");
    }

    @Test
    void queryPrintsCsvAndTable() {
        Result csv = bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT count(*) AS n, sum(total_complaints) AS total FROM fact_complaints");
        assertThat(csv.exit()).isZero();
        long total = BundledTotals.totalComplaints();
        assertThat(csv.out()).isEqualTo("n,total\n892," + total + "\n");
        Result table = bankdata("query", "--lake", lake.toString(), "SELECT name FROM dim_institution WHERE cnpj8 = '92874270'");
        assertThat(table.out()).contains("BANCO DIGIMAIS S.A.").contains("(1 row)");
    }

    @Test
    void reportAndChartViewsTakeAQuarterRange() throws IOException {
        Result report = bankdata("report", "--lake", lake.toString(), "--from", "2020Q1", "--to", "2020Q1", "--format", "json");
        assertThat(report.exit()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.out());
        assertThat(json.get("quarters").asText()).isEqualTo("2020Q1–2020Q1 (1 quarters)");
        // 2020Q1 file: CAIXA ECONÔMICA FEDERAL (conglomerado) had 9,271 complaints, the most that quarter
        assertThat(json.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(9_271);
        Result view = bankdata("query", "--lake", lake.toString(), "--from", "2021Q4", "--format", "csv",
                "SELECT total_complaints FROM chart_top_complaints WHERE institution_name LIKE 'CAIXA%'");
        assertThat(view.out()).isEqualTo("total_complaints\n8650\n");
    }

    @Test
    void aCsvThatIsNotARankingFileFailsTheRunNamingItAndPublishesNothing() throws IOException {
        Path complaints = copyOfBundledComplaints("with-stray-csv");
        Files.writeString(complaints.resolve("notes.csv"), "name;value\nfoo;1\n");
        Path otherLake = work.resolve("stray-lake");
        Result result = bankdata("run", "--complaints", complaints.toString(), "--lake", otherLake.toString(), "--quiet");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("notes.csv").contains("not a BCB complaints-ranking file")
                .contains("Move it out of the --complaints folder");
        assertThat(result.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        // refused before any work: no lake was even created
        assertThat(otherLake).doesNotExist();
    }

    /** Above --max-quarantined nothing is published; within it the good rows are, the run exits 3 and its warning is kept. */
    @Test
    void badRowsAreQuarantinedNamedInAWarningAndTheGoodRowsPublished() throws IOException {
        Path complaints = complaintsWithTwoBadRows("bad-rows");
        Path badLake = work.resolve("bad-rows-lake");

        Result strict = bankdata("run", "--complaints", complaints.toString(), "--lake", badLake.toString(), "--quiet",
                "--max-quarantined", "1");
        assertThat(strict.exit()).as(strict.err()).isEqualTo(1);
        assertThat(strict.err().lines()).hasSize(1).first().asString().startsWith("error: run ")
                .contains("failed at check: complaints: 2 of 892 row(s) quarantined, more than the limit of 1"
                        + " (--max-quarantined 1: 1 row(s)); the first is 2021_tri_01.csv:6: Índice 'abc' is not a number")
                .contains("--max-quarantined 2").contains("nothing was published");
        assertThat(badLake.resolve("tables/_snapshot.json")).doesNotExist();

        Result run = bankdata("run", "--complaints", complaints.toString(), "--lake", badLake.toString(), "--quiet");

        assertThat(run.exit()).as(run.err()).isEqualTo(Main.EXIT_WARNINGS).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        // --quiet hides progress, never the warning that rows were left out
        assertThat(run.err().lines()).hasSize(1).first().asString()
                .startsWith("warning: 2 complaints row(s) quarantined and left out of 892 (limit 8;")
                .contains("2021_tri_01.csv:6: Índice 'abc'").contains("2021_tri_01.csv:10: Quantidade total de reclamações '12x'");
        Result runs = bankdata("runs", "--lake", badLake.toString(), "--format", "csv");
        assertThat(runs.out().lines().skip(1).map(l -> l.split(",")[1]).toList())
                .containsExactly("succeeded_with_warnings", "failed");
        String runId = runs.out().lines().skip(1).findFirst().orElseThrow().split(",")[0];
        Result show = bankdata("runs", "show", runId, "--lake", badLake.toString());
        assertThat(show.out()).contains("run " + runId + ": succeeded_with_warnings")
                .contains("warning: 2 complaints row(s) quarantined");
        Result counts = bankdata("query", "--lake", badLake.toString(), "--format", "csv",
                "SELECT (SELECT count(*) FROM fact_complaints) AS facts, (SELECT count(*) FROM quarantine) AS rejected");
        assertThat(counts.out()).isEqualTo("facts,rejected\n890,2\n");

        // for a scheduler that reads every code but 0 as a failure: the same run exits 0, its warning still printed
        Result lenient = bankdata("run", "--complaints", complaints.toString(), "--lake", badLake.toString(), "--quiet",
                "--force", "--warnings-exit-code", "0");
        assertThat(lenient.exit()).as(lenient.err()).isZero();
        assertThat(lenient.err().lines()).hasSize(1).first().asString()
                .startsWith("warning: 2 complaints row(s) quarantined and left out of 892 (limit 8;");
    }

    /**
     * The jobs of a run with warnings exit 0 (a scheduler would fail the task otherwise) except the last one when
     * {@code --warnings-exit-code} says so: it prints the warning and exits with that code.
     */
    @Test
    void theLastJobOfARunWithWarningsExitsWithWarningsExitCode() throws IOException {
        Path complaints = complaintsWithTwoBadRows("bad-rows-jobs");
        Path jobsLake = work.resolve("bad-rows-jobs-lake");
        org.bankdata.pipeline.PipelineGraph graph = org.bankdata.pipeline.PipelineDefinition.graph();
        for (org.bankdata.pipeline.TaskSpec task : graph.topologicalOrder()) {
            boolean last = graph.downstreamOf(List.of(task.name())).isEmpty();
            Result job = bankdata("job", task.name(), "--run", "jobs-with-warnings", "--complaints", complaints.toString(),
                    "--lake", jobsLake.toString(), "--quiet", "--warnings-exit-code", "3");
            if (!last) {
                assertThat(job.exit()).as(task.name() + ": " + job.err()).isZero();
            } else {
                assertThat(task.name()).isEqualTo("publish");
                assertThat(job.exit()).as(job.err()).isEqualTo(3);
                assertThat(job.err().lines()).first().asString()
                        .startsWith("warning: 2 complaints row(s) quarantined and left out of 892 (limit 8;");
            }
        }
    }

    /** A copy of the bundled complaints with two bad rows in 2021_tri_01.csv (lines 6 and 10). */
    private Path complaintsWithTwoBadRows(String name) throws IOException {
        Path complaints = copyOfBundledComplaints(name);
        Path file = complaints.resolve("2021_tri_01.csv");
        String[] lines = new String(Files.readAllBytes(file), Charset.forName("windows-1252")).split("\n", -1);
        lines[5] = lines[5].replaceFirst("^((?:[^;]*;){6})[^;]*", "$1abc");        // Índice of line 6
        lines[9] = lines[9].replaceFirst("^((?:[^;]*;){10})[^;]*", "$112x");       // total of line 10
        Files.write(file, String.join("\n", lines).getBytes(Charset.forName("windows-1252")));
        return complaints;
    }

    @Test
    void theSameQuarterInTwoFilesIsRefused() throws IOException {
        Path complaints = copyOfBundledComplaints("duplicate-quarter");
        Files.copy(complaints.resolve("2020_tri_01.csv"), complaints.resolve("copy-of-first-quarter.csv"));
        Result result = bankdata("run", "--complaints", complaints.toString(), "--lake", work.resolve("dup-lake").toString(),
                "--quiet");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("quarter 2020Q1 is in 2020_tri_01.csv and copy-of-first-quarter.csv");
    }

    @Test
    void usageErrorsExitWith2() {
        Result missing = bankdata("run", "--complaints", work.resolve("nope").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope").contains("is not a folder");
        Path empty = work.resolve("empty");
        assertThat(empty.toFile().mkdirs()).isTrue();
        Result noCsv = bankdata("run", "--complaints", empty.toString(), "--lake", work.resolve("empty-lake").toString(), "--quiet");
        assertThat(noCsv.exit()).isEqualTo(2);
        assertThat(noCsv.err()).contains("holds no *.csv file");
        assertThat(bankdata("report", "--lake", lake.toString(), "--from", "2021Q9").exit()).isEqualTo(2);
        assertThat(bankdata("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void anUnreachableApiFailsFastNamingTheUrlBeforeAnyWork() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path unusedLake = work.resolve("unreachable-lake");
        Result result = bankdata("run", "--api-url", "http://127.0.0.1:" + port + "/olinda/odata", "--lake", unusedLake.toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("http://127.0.0.1:" + port + "/olinda/odata/ListaTarifasPorInstituicaoFinanceira")
                .contains("connection refused").contains("--api-url");
        assertThat(result.err().lines().filter(l -> l.startsWith("error:")).count()).isEqualTo(1);
        assertThat(unusedLake).doesNotExist();
    }

    @Test
    void badSqlIsARunFailureWithTheEnginesMessage() {
        Result result = bankdata("query", "--lake", lake.toString(), "SELECT nope FROM fact_complaints");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("nope").contains("fact_complaints");
    }

    @Test
    void tablesListsWhatIsPublished() {
        Result result = bankdata("tables", "--lake", lake.toString(), "--format", "csv");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).contains("fact_complaints,892,").contains("dim_institution,177,").contains("quarantine,0,");
    }

    /**
     * `bankdata reference` on the bundled data, as a user types it: exit 0, JSON with the known answers (the service
     * fee chart's dates as ISO text), and the same answers as the Spark pipeline on the same files, as `bankdata bench`
     * compares them.
     */
    @Test
    void referencePrintsTheSameAnswersAsThePipelineOnTheBundledData() {
        assertThat(firstRun.exit()).as(firstRun.err()).isZero();
        Result result = bankdata("reference", "--out", work.resolve("reference").toString());

        assertThat(result.exit()).as(result.err()).isZero();
        ReferenceOutput printed = ReferenceOutput.parse(result.out());
        assertThat(printed.answers().rows().get(ChartQuery.TOP_COMPLAINTS).get(0))
                .containsExactly("CAIXA ECONÔMICA FEDERAL (conglomerado)", new BigDecimal("138458"));
        assertThat(printed.answers().rows().get(ChartQuery.TOP_FREE_SERVICES).get(0))
                .containsExactly("BANCO VIPAL S.A.", new BigDecimal("63"));
        List<List<Object>> fees = printed.answers().rows().get(ChartQuery.SERVICE_FEE);
        assertThat(fees).isNotEmpty();
        assertThat(fees).allSatisfy(row -> assertThat(row.get(row.size() - 1)).asString().matches("\\d{4}-\\d{2}-\\d{2}"));
        assertThat(printed.rows()).containsEntry("curated_complaints", 892L).containsEntry("dim_institution", 177L);
        try (LakeQueryEngine engine = LakeQueryEngine.open(new LakeLayout(lake), QuarterRange.ALL)) {
            assertThat(ChartAnswers.of(engine::chart).differences(printed.answers(), "Spark", "DuckDB")).isEmpty();
        }
    }

    private static Path copyOfBundledComplaints(String name) throws IOException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(BundledData.complaints())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }
}
