package org.bankdata.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bankdata.cli.InProcessCli.bankdata;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong numbers are never published: a count above the bound on counts is quarantined (so no sum overflows), a file
 * cut inside its last value is refused, and tables an older release published with such counts are said to be wrong
 * in one line by {@code report} and the API. Each case in its own lake, through the CLI, Spark, DuckDB and HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PublishedCountsIT {
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String HUGE = "9223372036854775000";

    @TempDir
    Path work;

    @BeforeAll
    void spark() {
        TestSpark.session();
    }

    private Path copyOfBundledComplaints(String name) throws IOException {
        Path dir = Files.createDirectories(work.resolve(name));
        try (Stream<Path> files = Files.list(BundledData.complaints())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
        return dir;
    }

    private static List<String> lines(Path file) throws IOException {
        return List.of(new String(Files.readAllBytes(file), CP1252).split("\n", -1));
    }

    /** Sets field 10 (Quantidade total de reclamações) of line {@code lineNumber} (1-based) of {@code file}. */
    private static String setTotal(Path file, int lineNumber, String value) throws IOException {
        String[] lines = lines(file).toArray(String[]::new);
        String[] fields = lines[lineNumber - 1].split(";", -1);
        String before = fields[10];
        fields[10] = value;
        lines[lineNumber - 1] = String.join(";", fields);
        Files.write(file, String.join("\n", lines).getBytes(CP1252));
        return before;
    }

    /** CAIXA's complaints over every bundled file, read off the raw files here (field 5 name, field 10 total). */
    private static long caixaComplaintsInBundledFiles() throws IOException {
        long total = 0;
        try (Stream<Path> files = Files.list(BundledData.complaints())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                for (String line : lines(file).subList(1, lines(file).size())) {
                    String[] f = line.split(";", -1);
                    if (f.length > 10 && f[5].startsWith("CAIXA ECON")) {
                        total += Long.parseLong(f[10].trim());
                    }
                }
            }
        }
        return total;
    }

    private static ServeHttp.Answer get(DashboardServer server, String path) {
        return ServeHttp.send(HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30)).build());
    }

    @Test
    void countsAboveTheBoundAreQuarantinedWithFileAndLineAndEverySumStaysExact() throws IOException {
        Path complaints = copyOfBundledComplaints("huge-counts");
        String q3 = setTotal(complaints.resolve("2021_tri_03.csv"), 48, HUGE);
        String q4 = setTotal(complaints.resolve("2021_tri_04.csv"), 54, HUGE);
        assertThat(lines(complaints.resolve("2021_tri_03.csv")).get(47)).contains("CAIXA ECON").contains(HUGE);
        assertThat(lines(complaints.resolve("2021_tri_04.csv")).get(53)).contains("CAIXA ECON").contains(HUGE);
        long expected = caixaComplaintsInBundledFiles() - Long.parseLong(q3) - Long.parseLong(q4);
        Path lake = work.resolve("huge-lake");

        Result run = bankdata("run", "--complaints", complaints.toString(), "--lake", lake.toString(), "--quiet");

        assertThat(run.exit()).as(run.err()).isEqualTo(3);
        assertThat(run.err().lines()).as(run.err()).hasSize(1).first().asString()
                .startsWith("warning: 2 complaints row(s) quarantined and left out of 892")
                .contains("2021_tri_03.csv:48: Quantidade total de reclamações '" + HUGE + "' is more than 1,000,000,000")
                .contains("2021_tri_04.csv:54: Quantidade total de reclamações '" + HUGE + "' is more than 1,000,000,000");
        Result runs = bankdata("runs", "--lake", lake.toString(), "--format", "csv");
        assertThat(runs.out().lines().skip(1).map(l -> l.split(",")[1]).toList()).containsExactly("succeeded_with_warnings");

        Result published = bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT total_complaints FROM chart_top_complaints WHERE institution_name LIKE 'CAIXA%'");
        assertThat(published.out()).isEqualTo("total_complaints\n" + expected + "\n");
        Result report = bankdata("report", "--lake", lake.toString(), "--format", "csv");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("\"CAIXA ECONÔMICA FEDERAL (conglomerado)\"," + expected);
        try (DashboardServer server = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0))) {
            ServeHttp.Answer chart = get(server, "api/charts/top-complaints?from=2020Q1&to=2021Q4");
            assertThat(chart.status()).as(chart.body()).isEqualTo(200);
            assertThat(chart.json().get("rows").get(0).toString()).contains("CAIXA").contains(Long.toString(expected));
        }
    }

    /** A lake an older release published with CAIXA's two huge counts: no DuckDB text, one line naming the fix. */
    @Test
    void tablesPublishedWithCountsAboveTheBoundAreSaidToBeWrongInOneLine() throws IOException, SQLException {
        Path lake = BundledLake.copy(work.resolve("older-lake"));
        // the fact table's data files as an older bankdata could have written them: the same file names (the release
        // record names them), the counts of two rows replaced
        List<Path> parts;
        try (Stream<Path> files = Files.walk(lake.resolve("tables/fact_complaints"))) {
            parts = files.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
        }
        String all = parts.stream().map(p -> "'" + p + "'").collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        Path rewritten = work.resolve("fact_complaints.parquet");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT * REPLACE (CASE WHEN period_key IN (20213, 20214) AND total_complaints IN (11872, 8650)"
                    + " THEN " + HUGE + " ELSE total_complaints END AS total_complaints) FROM read_parquet(" + all
                    + ")) TO '" + rewritten + "' (FORMAT parquet)");
            for (int i = 1; i < parts.size(); i++) {
                Path empty = work.resolve("empty-" + i + ".parquet");
                st.execute("COPY (SELECT * FROM read_parquet('" + parts.get(i) + "') LIMIT 0) TO '" + empty + "' (FORMAT parquet)");
                Files.move(empty, parts.get(i), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(rewritten, parts.get(0), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Result huge = bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT count(*) AS n FROM fact_complaints WHERE total_complaints = " + HUGE);
        assertThat(huge.out()).isEqualTo("n\n2\n");

        Result report = bankdata("report", "--lake", lake.toString(), "--from", "2021Q1");

        assertThat(report.exit()).isEqualTo(1);
        assertThat(report.err().lines()).as(report.err()).hasSize(1).first().asString()
                .isEqualTo("error: a sum of the published counts is too large for a 64-bit integer: the tables hold counts"
                        + " above 1,000,000,000, more than the BCB can publish (published by an older bankdata); publish them"
                        + " again with `bankdata run --force`, which quarantines such rows");
        try (DashboardServer server = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0))) {
            ServeHttp.Answer chart = get(server, "api/charts/top-complaints?from=2021Q1&to=2021Q4");
            assertThat(chart.status()).isEqualTo(500);
            assertThat(chart.body()).contains("a sum of the published counts is too large for a 64-bit integer")
                    .contains("bankdata run --force").doesNotContain("INT128").doesNotContain("Conversion Error");
        }
    }

    /** 2020_tri_01.csv ends "...;181028\n" (no trailing ';'): without its last 3 bytes YAMAHA's clients_scr reads 1810. */
    @Test
    void aFileCutInsideItsLastValueIsRefusedNamingFileAndLineAndNothingIsPublished() throws IOException {
        Path complaints = copyOfBundledComplaints("cut-last-value");
        Path file = complaints.resolve("2020_tri_01.csv");
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, bytes.length - 7, 7, CP1252)).isEqualTo("181028\n");
        long lastLine = new String(bytes, CP1252).lines().count();
        assertThat(lines(file).get((int) lastLine - 1)).contains("YAMAHA");
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        Path lake = work.resolve("cut-lake");

        Result run = bankdata("run", "--complaints", complaints.toString(), "--lake", lake.toString(), "--quiet");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines()).as(run.err()).hasSize(1).first().asString()
                .startsWith("error: " + file + ":" + lastLine + ": the file ends inside the last value of its last row ('1810',")
                .contains("download it again");
        assertThat(lake.resolve("tables/_snapshot.json")).doesNotExist();
    }
}
