package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bankdata.ChildJvm;
import org.bankdata.SparkEventLog;
import org.bankdata.SparkStandaloneCluster;
import org.bankdata.catalog.CuratedTables;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.cli.InProcessCli;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.S3TestServer;
import org.bankdata.serve.BundledLake;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bankdata deployed as the replaced system was, on this machine: the lake on an S3 server (S3Proxy on 127.0.0.1),
 * a real Spark standalone cluster (a master and two workers, each a child JVM with its own work directory and no
 * lake path shared with anyone), the run history in Postgres. Every bankdata process is a child JVM that knows the
 * S3 server only from the standard AWS variables a user would set, and keeps its local state (history of a lake
 * on S3, snapshot copies) in a folder of its own, as on separate hosts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class SparkClusterIT {
    /** Dimensions, facts, charts, conformance and the bank list. */
    private static final List<String> TABLES = Tables.all().stream()
            .filter(t -> t.layer() != TableDef.Layer.CURATED || t == CuratedTables.CURATED_BANK_LIST).map(TableDef::name).toList();

    @TempDir
    static Path work;

    private SparkStandaloneCluster cluster;
    private S3TestServer s3;
    private LocalPostgres postgres;

    @BeforeAll
    void start() throws Exception {
        s3 = S3TestServer.shared();
        postgres = LocalPostgres.shared();
        cluster = SparkStandaloneCluster.start(work, 2, 1);
    }

    @AfterAll
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theClusterRunsThePipelineWithItsLakeOnS3AndOtherProcessesReadIt() throws Exception {
        LakeLocation lake = s3.newLake("cluster/bankdata");
        Path events = work.resolve("events");
        Path driverLog = work.resolve("driver.log");
        Process driver = bankdata(cluster.driverOptions(events), "driver-host",
                List.of("run", "--master", cluster.masterUrl(), "--lake", lake.uri(), "--format", "json"))
                .redirectError(work.resolve("driver.err").toFile()).redirectOutput(driverLog.toFile()).start();
        try {
            assertThat(driver.waitFor(420, TimeUnit.SECONDS)).as("driver finished: %s",
                    SparkStandaloneCluster.tail(work.resolve("driver.err"), 40)).isTrue();
        } finally {
            driver.destroyForcibly();
        }
        assertThat(driver.exitValue()).as(Files.readString(work.resolve("driver.err"))).isZero();
        JsonNode report = new ObjectMapper().readTree(driverLog.toFile());
        assertThat(report.get("chart_top_complaints").get(0).get("institution_name").asText())
                .isEqualTo("CAIXA ECONÔMICA FEDERAL (conglomerado)");
        assertThat(report.get("chart_top_complaints").get(0).get("total_complaints").asLong()).isEqualTo(138_458);

        // where the work ran, from Spark's own records
        assertThat(cluster.completedApplications()).as("the master ran the driver's application").isPositive();
        SparkEventLog ran = SparkEventLog.read(events);
        assertThat(ran.workers()).as("executors were launched on both workers").hasSize(2);
        assertThat(ran.successfulTasksByWorker()).as("tasks ran on both workers' executors").hasSize(2)
                .allSatisfy((worker, tasks) -> assertThat(tasks).isPositive());
        for (int worker = 1; worker <= 2; worker++) {
            assertThat(cluster.workerDir(worker).resolve("lake")).as("no lake folder on a worker").doesNotExist();
        }
        assertThat(Path.of("s3a:")).as("never a local folder named after the URL").doesNotExist();

        // every published table equals that of a local run, read back through `query` (with a snapshot copy of its own)
        Path local = BundledLake.published();
        for (String table : TABLES) {
            String sql = "SELECT * FROM " + table + " ORDER BY ALL";
            InProcessCli.Result expected = InProcessCli.bankdata("query", "--lake", local.toString(), "--format", "csv", sql);
            assertThat(expected.exit()).as(expected.err()).isZero();
            List<String> args = new ArrayList<>(List.of("query", "--lake", lake.uri(), "--lake-state",
                    work.resolve("hosts/test-host/lakes").toString(), "--format", "csv"));
            args.addAll(s3.confArguments());
            args.add(sql);
            InProcessCli.Result actual = InProcessCli.bankdata(args.toArray(String[]::new));
            assertThat(actual.exit()).as(actual.err()).isZero();
            assertThat(actual.out()).as(table).isEqualTo(expected.out());
        }

        // report and the dashboard from yet another process
        JsonNode read = new ObjectMapper().readTree(output(bankdata(List.of(), "report-host",
                List.of("report", "--lake", lake.uri(), "--format", "json"))));
        assertThat(read.get("chart_top_complaints")).isEqualTo(report.get("chart_top_complaints"));
        Process serve = bankdata(List.of(), "serve-host", List.of("serve", "--lake", lake.uri(), "--port", "0"))
                .redirectError(work.resolve("serve.err").toFile()).start();
        try {
            String url = dashboardUrl(serve);
            HttpResponse<String> chart = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url
                    + "api/charts/top-complaints")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(chart.statusCode()).as(chart.body()).isEqualTo(200);
            assertThat(chart.body()).contains("CAIXA ECONÔMICA FEDERAL (conglomerado)").contains("138458");
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTasksOfOneRunAsSeparateJobProcessesShareTheS3LakeAndThePostgresHistory() throws Exception {
        LakeLocation lake = s3.newLake("jobs/bankdata");
        String history = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/bankdata_history?user=" + LocalPostgres.SUPERUSER
                + "&password=" + LocalPostgres.SUPERUSER_PASSWORD;
        try (var admin = postgres.superuser(); var create = admin.createStatement()) {
            create.execute("CREATE DATABASE bankdata_history");
        }
        String run = "scheduled__2026-11-29T06:00:00+00:00";
        // as a scheduler runs them: the first job alone (it records the run's inputs), then every job whose upstream
        // jobs have succeeded, side by side; each job on a "host" of its own: its own local state folder, nothing
        // shared but S3 and Postgres
        PipelineGraph graph = PipelineDefinition.graph();
        List<TaskSpec> order = graph.topologicalOrder();
        Set<String> done = new HashSet<>();
        int host = 0;
        List<List<String>> waves = new ArrayList<>();
        while (done.size() < order.size()) {
            List<String> ready = order.stream().map(TaskSpec::name)
                    .filter(t -> !done.contains(t) && done.containsAll(graph.upstreamOf(List.of(t))))
                    .limit(done.isEmpty() ? 1 : order.size()).toList();
            List<Running> jobs = new ArrayList<>();
            try {
                for (String task : ready) {
                    jobs.add(start(bankdata(List.of(), "job-host-" + (++host), List.of("job", task, "--run", run, "--lake",
                            lake.uri(), "--history", history, "--master", "local[2]", "--quiet"))));
                }
                for (Running job : jobs) {
                    job.output();
                }
            } finally {
                jobs.forEach(job -> job.process().destroyForcibly()); // none outlives a failed one
            }
            done.addAll(ready);
            waves.add(ready);
        }
        assertThat(host).as("one job per task").isEqualTo(order.size());
        assertThat(waves).as("jobs side by side").contains(List.of(PipelineDefinition.BUILD_DIMENSIONS, PipelineDefinition.BUILD_FACTS));
        JsonNode runs = new ObjectMapper().readTree(output(bankdata(List.of(), "reader-host",
                List.of("runs", "--lake", lake.uri(), "--history", history, "--format", "json"))));
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("state").asText()).isEqualTo("succeeded");
        assertThat(runs.get(0).get("driver").asText()).isEqualTo("job");
        assertThat(output(bankdata(List.of(), "reader-host", List.of("query", "--lake", lake.uri(), "--format", "csv",
                "SELECT count(*) AS n FROM fact_complaints")))).isEqualTo("n\n892\n");
        assertThat(Files.exists(work.resolve("hosts/job-host-1/lakes").resolve(lake.bucket()).resolve("jobs/bankdata/runs/history.db")))
                .as("the history is in Postgres, not on a host").isFalse();
    }

    /**
     * {@code bankdata <args>} in a child JVM that reaches S3 with the AWS variables only, and keeps an S3 lake's local
     * state under {@code hosts/<host>} (separate hosts do not share it).
     */
    private ProcessBuilder bankdata(List<String> jvmOptions, String host, List<String> args) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--lake-state", work.resolve("hosts").resolve(host).resolve("lakes").toString()));
        if (args.get(0).equals("query")) {
            all.remove(args.get(args.size() - 1));
            all.add(args.get(args.size() - 1));
        }
        ProcessBuilder builder = ChildJvm.bankdata(jvmOptions, all);
        builder.environment().putAll(s3.awsEnvironment());
        return builder;
    }

    /** Runs the process to its end and returns its output; fails the test on a non-zero exit. */
    private static String output(ProcessBuilder builder) throws Exception {
        return start(builder).output();
    }

    /** Starts the process with its output and errors going to files of their own (so several can run at once). */
    private static Running start(ProcessBuilder builder) throws Exception {
        Path out = Files.createTempFile(work, "child", ".out");
        Path err = Files.createTempFile(work, "child", ".err");
        return new Running(builder.command(), builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    }

    /** A started {@code bankdata} child process. */
    private record Running(List<String> command, Process process, Path out, Path err) {
        /** Waits for the process to end and returns its output; fails the test on a non-zero exit. */
        String output() throws Exception {
            assertThat(process.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
            assertThat(process.exitValue()).as("%s: %s", String.join(" ", command.subList(
                    command.indexOf("org.bankdata.cli.Main"), command.size())), Files.readString(err)).isZero();
            return Files.readString(out);
        }
    }

    /** The dashboard's URL, from the line {@code bankdata serve} prints when it listens. */
    private static String dashboardUrl(Process serve) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.startsWith("dashboard at ")) {
                String url = line.substring("dashboard at ".length()).split(" ")[0];
                return url.endsWith("/") ? url : url + "/";
            }
        }
        throw new AssertionError("bankdata serve stopped before listening: " + Files.readString(work.resolve("serve.err")));
    }
}
