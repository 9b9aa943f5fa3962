package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bankdata.BundledData;
import org.bankdata.bcb.complaints.ComplaintsReplay;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bankdata.RawTruth;
import org.bankdata.TestSpark;
import org.bankdata.config.LakeLocation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.bankdata.lake.LakeLayout;
import org.bankdata.history.HistoryStore;
import org.bankdata.lake.LakeSite;
import org.bankdata.serve.DashboardServer;
import org.bankdata.serve.ServeConfig;
import org.bankdata.lake.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled pipeline with its lake and every input on S3 (S3Proxy on 127.0.0.1, reached through
 * {@code --conf fs.s3a.*}, the settings a user's AWS_* variables give): the ranking files, the bank list, the
 * conglomerate alias file and the recorded fee answers are objects under {@code s3a://<bucket>/in/}, as an EMR step or
 * a Glue job gives them. The same answers as on a local lake, the inputs recorded by URI, size and digest, the files in
 * the bucket, the run history and locks in the lake's local state folder, query, tables and report reading the
 * published snapshot through its local copy, and the preflight naming an input on S3 by its URI.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3LakeIT {
    @TempDir
    static Path work;

    private S3TestServer server;
    private LakeLocation lake;
    /** Where the inputs are: {@code s3a://<the lake's bucket>/in}. */
    private LakeLocation in;
    private Path state;
    private InProcessCli.Result firstRun;

    @BeforeAll
    void runOnS3() throws Exception {
        server = S3TestServer.shared();
        // the session of this lake's S3 settings, which every command below asks for
        TestSpark.session(server.settings());
        lake = server.newLake("prod/bankdata");
        in = LakeLocation.parse("s3a://" + lake.bucket() + "/in");
        server.upload(BundledData.complaints(), in.resolve("complaints"));
        server.putObject(in.resolve("banks/" + BundledData.bankList().getFileName()), Files.readAllBytes(BundledData.bankList()));
        server.putObject(in.resolve("conform/conglomerate-aliases.csv"),
                Files.readAllBytes(BundledData.HOME.bundledConglomerateAliases()));
        server.upload(BundledData.feeResponses(), in.resolve("fees-api/responses"));
        state = work.resolve("state");
        firstRun = bankdata("run", "--format", "json");
    }

    @AfterAll
    void stop() {
        TestSpark.stop();
    }

    /**
     * {@code bankdata <verb> ... --lake s3a://... --lake-state <state> --conf ...} in this JVM; a {@code run} reads every
     * input from the bucket ({@link #inputs}) unless it names one itself.
     */
    private InProcessCli.Result bankdata(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (args[0].equals("run")) {
            List<String> given = List.of(args);
            inputs().forEach((option, location) -> {
                if (!given.contains(option)) {
                    all.addAll(List.of(option, location.uri()));
                }
            });
        }
        all.addAll(List.of("--lake", lake.uri(), "--lake-state", state.toString()));
        all.addAll(server.confArguments());
        if (args[0].equals("query")) {
            // the SQL stays last
            all.remove(args[args.length - 1]);
            all.add(args[args.length - 1]);
        }
        return InProcessCli.bankdata(all.toArray(String[]::new));
    }

    /** Every input option of a run and its object (or prefix) in the bucket. */
    private Map<String, LakeLocation> inputs() {
        Map<String, LakeLocation> inputs = new LinkedHashMap<>();
        inputs.put("--complaints", in.resolve("complaints"));
        inputs.put("--banks", in.resolve("banks/" + BundledData.bankList().getFileName()));
        inputs.put("--conglomerate-aliases", in.resolve("conform/conglomerate-aliases.csv"));
        inputs.put("--api-responses", in.resolve("fees-api/responses"));
        return inputs;
    }

    private Path stateDir() {
        return LakeSite.stateDir(state, lake);
    }

    @Test
    @Order(1)
    void theRunPublishesTheKnownAnswersIntoTheBucket() throws IOException {
        assertThat(firstRun.exit()).as(firstRun.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(firstRun.out());
        assertThat(report.get("chart_top_complaints").get(0).get("institution_name").asText())
                .isEqualTo("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(report.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(138_458);
        assertThat(report.get("chart_top_free_services").get(0).get("free_services").asLong()).isEqualTo(63);
        assertThat(firstRun.err()).contains("published " + lake.uri() + "/tables/_snapshot.json");

        assertThat(server.hasObject(lake.resolve("tables/_snapshot.json"))).as("the snapshot pointer is an object").isTrue();
        assertThat(server.objectsUnder(lake.resolve("raw/manifests"))).as("raw manifests under raw/manifests/").isPositive();
        assertThat(stateDir().resolve("runs/history.db")).as("history kept on this host").isRegularFile();
        assertThat(Path.of("s3a:")).as("never a local folder named after the URL").doesNotExist();
    }

    @Test
    @Order(1)
    void theRunRecordsEveryInputFileItReadByUriSizeAndDigest() throws Exception {
        Matcher closing = Pattern.compile("run (\\S+) succeeded in").matcher(firstRun.err());
        assertThat(closing.find()).as(firstRun.err()).isTrue();
        List<JsonNode> manifest = new ArrayList<>();
        for (String line : new String(server.objectBytes(lake.resolve("raw/manifests/run=" + closing.group(1) + ".jsonl")),
                StandardCharsets.UTF_8).split("\n")) {
            manifest.add(new ObjectMapper().readTree(line));
        }
        Map<String, Path> read = new LinkedHashMap<>();
        try (Stream<Path> rankings = Files.list(BundledData.complaints())) {
            rankings.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted()
                    .forEach(p -> read.put(in.resolve("complaints/" + p.getFileName()).uri(), p));
        }
        read.put(inputs().get("--banks").uri(), BundledData.bankList());
        read.put(inputs().get("--conglomerate-aliases").uri(), BundledData.HOME.bundledConglomerateAliases());
        assertThat(read).hasSizeGreaterThan(3);
        for (Map.Entry<String, Path> input : read.entrySet()) {
            byte[] local = Files.readAllBytes(input.getValue());
            String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(local));
            assertThat(manifest).as(input.getKey()).anySatisfy(line -> {
                assertThat(line.get("origin").asText()).isEqualTo(input.getKey());
                assertThat(line.get("bytes").asLong()).isEqualTo(local.length);
                assertThat(line.get("sha256").asText()).isEqualTo(sha256);
            });
        }
        assertThat(manifest).as("fee answers served from the recordings in the bucket")
                .anyMatch(line -> line.get("source").asText().equals("fees"));
    }

    @Test
    @Order(2)
    void queryReadsTheSnapshotThroughItsLocalCopyMadeOnce() throws IOException {
        InProcessCli.Result first = bankdata("query", "--format", "csv",
                "SELECT count(*) AS n, sum(total_complaints) AS total FROM fact_complaints");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("n,total\n892," + BundledTotals.totalComplaints() + "\n");

        List<Path> copies = copies();
        assertThat(copies).hasSize(1);
        Path marker = Files.writeString(copies.get(0).resolve("kept.txt"), "a later query reuses this copy");
        FileTime before = Files.getLastModifiedTime(copies.get(0));

        InProcessCli.Result later = bankdata("query", "--format", "csv", "SELECT count(*) AS n FROM dim_institution");
        assertThat(later.out()).isEqualTo("n\n177\n");
        assertThat(copies()).containsExactlyElementsOf(copies);
        assertThat(marker).exists();
        assertThat(Files.getLastModifiedTime(copies.get(0))).isEqualTo(before);
    }

    @Test
    @Order(3)
    void tablesRunsAndReportReadTheS3Lake() throws IOException {
        InProcessCli.Result tables = bankdata("tables", "--format", "csv");
        assertThat(tables.exit()).as(tables.err()).isZero();
        assertThat(tables.out()).contains("fact_complaints,892,").contains("dim_institution,177,").contains("quarantine,0,");

        InProcessCli.Result runs = bankdata("runs", "--format", "csv");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out().lines().filter(l -> l.contains(",succeeded,"))).hasSize(1);

        InProcessCli.Result report = bankdata("report", "--from", "2020Q1", "--to", "2020Q1", "--format", "json");
        assertThat(report.exit()).as(report.err()).isZero();
        RawTruth.Ranked top = RawTruth.load().topComplaints(20201, 20201, 1).get(0);
        JsonNode first = new ObjectMapper().readTree(report.out()).get("chart_top_complaints").get(0);
        assertThat(first.get("total_complaints").asLong()).isEqualTo(top.value());
    }

    @Test
    @Order(4)
    void aRunOfPartOfTheGraphPublishesANewSnapshotThatTheCopyAndTheDashboardFollow() throws Exception {
        String before = copies().get(0).getFileName().toString();
        LakeSite site = LakeSite.open(lake, server.settings(), state);
        try (DashboardServer dashboard = DashboardServer.start(ServeConfig.local(new LakeLayout(lake), 0), site,
                HistoryStore.reader(site, null))) {
            assertThat(servedRunId(dashboard)).isEqualTo(before);

            InProcessCli.Result charts = bankdata("run", "--only", "build_charts", "--downstream", "--quiet");
            assertThat(charts.exit()).as(charts.err()).isZero();

            String published = new ObjectMapper().readTree(
                    server.objectBytes(lake.resolve("tables/_snapshot.json"))).get("runId").asText();
            assertThat(published).isNotEqualTo(before);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!servedRunId(dashboard).equals(published) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(servedRunId(dashboard)).as("the dashboard follows the new snapshot").isEqualTo(published);
        }

        InProcessCli.Result query = bankdata("query", "--format", "csv", "SELECT count(*) AS n FROM fact_complaints");
        assertThat(query.out()).isEqualTo("n\n892\n");
        assertThat(copies()).hasSize(2).extracting(p -> p.getFileName().toString()).contains(before);
        assertThat(copies()).extracting(p -> p.getFileName().toString()).anyMatch(name -> !name.equals(before));
    }

    @Test
    @Order(5)
    void aRunAfterTheBucketWasEmptiedIsNotSkippedButPublishesAgain() throws Exception {
        InProcessCli.Result same = bankdata("run", "--format", "csv");
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.err()).as("the lake still holds what the same run published").contains("run skipped");

        server.deleteUnder(lake);
        assertThat(server.objectsUnder(lake)).as("the bucket was emptied").isZero();
        assertThat(stateDir().resolve("runs/history.db")).as("this host still remembers the runs").isRegularFile();

        InProcessCli.Result again = bankdata("run", "--format", "json");

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.err()).doesNotContain("run skipped").doesNotContain("error:")
                .contains("published " + lake.uri() + "/tables/_snapshot.json");
        assertThat(server.hasObject(lake.resolve("tables/_snapshot.json"))).isTrue();
        JsonNode report = new ObjectMapper().readTree(again.out());
        assertThat(report.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(138_458);
    }

    @Test
    @Order(6)
    void aMissingInputOnS3IsAUsageErrorNamingItsUri() {
        String folder = in.resolve("no-such-folder").uri();
        InProcessCli.Result complaints = bankdata("run", "--complaints", folder);
        assertThat(complaints.exit()).as(complaints.err()).isEqualTo(2);
        assertThat(complaints.err()).startsWith("error: --complaints " + folder + " is not a folder; point it at the folder");

        String file = in.resolve("banks/no-such-list.tsv").uri();
        InProcessCli.Result banks = bankdata("run", "--banks", file);
        assertThat(banks.exit()).as(banks.err()).isEqualTo(2);
        assertThat(banks.err()).startsWith("error: --banks " + file + " is not a file; point it at the BCB bank list TSV");
    }

    @Test
    @Order(7)
    void aRankingFileOnS3CutInTheMiddleOfARowIsNamedByItsUriAndLine() throws IOException {
        LakeLocation bad = in.resolve("cut/complaints");
        server.upload(BundledData.complaints(), bad);
        byte[] full = Files.readAllBytes(BundledData.complaints().resolve("2021_tri_01.csv"));
        // the first 43 data rows and part of the 44th
        int lines = 0;
        int cut = 0;
        while (lines < 44) {
            if (full[cut++] == '\n') {
                lines++;
            }
        }
        server.putObject(bad.resolve("2021_tri_01.csv"), Arrays.copyOf(full, cut + 30));

        InProcessCli.Result result = bankdata("run", "--complaints", bad.uri());

        assertThat(result.exit()).as(result.err()).isEqualTo(1);
        assertThat(result.err().lines()).hasSize(1).first().asString()
                .startsWith("error: " + bad.resolve("2021_tri_01.csv").uri() + ":45: the file ends in the middle of a row (")
                .contains("it looks truncated — download it again");
    }

    @Test
    @Order(8)
    void fetchComplaintsStoresItsDownloadsInTheBucketWhereARunReadsThem() throws IOException {
        LakeLocation fetched = in.resolve("fetched/complaints");
        try (ComplaintsReplay bcb = new ComplaintsReplay(BundledData.complaints(), 0)) {
            List<String> args = new ArrayList<>(List.of("fetch-complaints", "--from", "2021Q4", "--to", "2022Q1", "--into",
                    fetched.uri(), "--complaints-url", bcb.base().toString()));
            args.addAll(server.confArguments());

            InProcessCli.Result first = InProcessCli.bankdata(args.toArray(String[]::new));
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("2021Q4  stored     " + fetched.resolve("2021_tri_04.csv").uri())
                    .contains("2022Q1  not published yet");
            assertThat(server.objectBytes(fetched.resolve("2021_tri_04.csv")))
                    .isEqualTo(Files.readAllBytes(BundledData.complaints().resolve("2021_tri_04.csv")));
            assertThat(server.hasObject(fetched.resolve("2022_tri_01.csv"))).isFalse();

            InProcessCli.Result again = InProcessCli.bankdata(args.toArray(String[]::new));
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("2021Q4  unchanged");
        }
    }

    private static String servedRunId(DashboardServer dashboard) throws Exception {
        HttpResponse<String> tables = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(dashboard.url() + "api/tables")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tables.statusCode()).as(tables.body()).isEqualTo(200);
        return new ObjectMapper().readTree(tables.body()).get("runId").asText();
    }

    private List<Path> copies() throws IOException {
        Path cache = stateDir().resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(cache)) {
            return list.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }
}
