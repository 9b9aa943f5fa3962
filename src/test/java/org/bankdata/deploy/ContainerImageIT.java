package org.bankdata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bankdata.RawTruth;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * bankdata's image built and run with podman, as a user runs it: the base image made from Debian packages
 * ({@code deploy/test/base-image}), the image from this build's jars ({@code deploy/test/build-image}, the
 * Dockerfile's {@code prebuilt} target), {@code bankdata run} on the bundled data into a named volume, {@code serve}
 * in a second container on that volume mounted read-only, {@code export postgres} into a Postgres on the host; then
 * the Airflow recipe (deploy/airflow/Dockerfile) built on the same Debian base in place of {@code apache/airflow},
 * which no registry here serves, and every task of the DAG the compose file mounts run in it with the DAG's own
 * command. The answers are computed from the bundled files by {@link RawTruth}, not by bankdata. Runs only in
 * {@code ./run-tests --containers}.
 */
@Tag("containers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 1800, unit = TimeUnit.SECONDS)
class ContainerImageIT {
    private static final String IMAGE = "localhost/bankdata:containers-it";
    private static final String AIRFLOW_IMAGE = "localhost/bankdata-airflow:containers-it";
    /** What Airflow renders {@code {{ run_id }}} as for a run triggered by hand. */
    private static final String AIRFLOW_RUN_ID = "manual__2026-12-07T00:00:00+00:00";
    private static final String CAIXA = "CAIXA ECONÔMICA FEDERAL (conglomerado)";
    private static final long CAIXA_ALL_QUARTERS = 138_458;
    private static final String PG_USER = "bankdata_exporter";
    private static final String PG_PASSWORD = "exp0rter-pw";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String volume = "bankdata-containers-it-" + ProcessHandle.current().pid();
    private final List<RawTruth.Ranked> topTen = RawTruth.load().topComplaints(0, 99_999, 10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;
    private Podman.Outcome run;

    @BeforeAll
    void buildTheImageAndRunThePipeline() {
        long started = System.nanoTime();
        base = Podman.script(Duration.ofMinutes(20), "deploy/test/base-image").ok().lastLine();
        assertThat(base).startsWith("localhost/bankdata-debian-base:");
        started = step("base image " + base, started);
        Podman.script(Duration.ofMinutes(10), "deploy/test/build-image", base, IMAGE).ok();
        started = step("bankdata image built", started);
        Podman.podman(Duration.ofMinutes(1), "volume", "create", volume).ok();
        // no arguments: the image's default command, `run` on the bundled data into /data/lake
        run = Podman.runOnce(Duration.ofMinutes(10), Map.of(), List.of("-v", volume + ":/data/lake"), IMAGE);
        step("bankdata run in a container", started);
    }

    /** Prints how long a step took (the lane's log shows where its minutes go) and returns now. */
    private static long step(String what, long started) {
        long now = System.nanoTime();
        System.out.printf("%s: %.1f s%n", what, (now - started) / 1e9);
        return now;
    }

    @AfterAll
    void removeTheVolumeAndTheImage() {
        Podman.podman(Duration.ofMinutes(1), "volume", "rm", "--force", volume);
        Podman.podman(Duration.ofMinutes(1), "volume", "rm", "--force", volume + "-airflow");
        Podman.podman(Duration.ofMinutes(2), "rmi", "--force", AIRFLOW_IMAGE, IMAGE);
    }

    @Test
    void runPublishesTheKnownAnswersIntoTheVolumeAsTheNonRootUser() throws IOException {
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out()).contains(CAIXA).containsPattern("138[,.]?458");

        Path lake = Path.of(Podman.podman(Duration.ofMinutes(1), "volume", "inspect", "--format", "{{.Mountpoint}}", volume)
                .ok().out().strip());
        List<Path> written;
        try (Stream<Path> walk = Files.walk(lake)) {
            written = walk.filter(p -> !p.equals(lake)).toList();
        }
        assertThat(written).anyMatch(p -> p.toString().endsWith(".parquet"));
        // the image's user bankdata (uid 10001) wrote every file; nothing belongs to root
        for (Path p : written) {
            assertThat((Integer) Files.getAttribute(p, "unix:uid")).as(p.toString()).isEqualTo(10001);
        }
        assertThat((Integer) Files.getAttribute(lake, "unix:uid")).isEqualTo(10001);
    }

    @Test
    void serveInASecondContainerAnswersHealthAndTheChartFromTheReadOnlyVolume() throws Exception {
        int port = freePort();
        String name = volume + "-serve";
        Podman.podman(Duration.ofMinutes(1), withRunFlags("run", "-d", "--name", name, "-v", volume + ":/data/lake:ro",
                IMAGE, "serve", "--host", "127.0.0.1", "--port", String.valueOf(port))).ok();
        try {
            JsonNode health = waitForHealth(port, name);
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("published").asBoolean()).isTrue();
            assertThat(health.get("runId").asText()).isNotBlank();

            HttpResponse<String> chart = get(port, "/api/charts/top-complaints");
            assertThat(chart.statusCode()).as(chart.body()).isEqualTo(200);
            List<RawTruth.Ranked> rows = new ArrayList<>();
            JSON.readTree(chart.body()).get("rows").forEach(r -> rows.add(
                    new RawTruth.Ranked(r.get("institution_name").asText(), r.get("total_complaints").asLong())));
            assertThat(rows.get(0)).isEqualTo(new RawTruth.Ranked(CAIXA, CAIXA_ALL_QUARTERS));
            assertThat(rows).isEqualTo(topTen);
        } finally {
            Podman.podman(Duration.ofMinutes(1), "rm", "--force", "--time", "5", name);
        }
    }

    @Test
    void exportReachesPostgresOnTheHost() throws Exception {
        LocalPostgres postgres = LocalPostgres.shared();
        String url = postgres.createDatabase("containers_it");
        try (Connection admin = DriverManager.getConnection(url, LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD);
                Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + PG_USER + " LOGIN PASSWORD '" + PG_PASSWORD + "'");
            s.execute("GRANT CREATE ON DATABASE containers_it TO " + PG_USER);
        }
        // the password reaches the container from podman's environment (-e NAME without a value), not its arguments
        Podman.Outcome export = Podman.runOnce(Duration.ofMinutes(5), Map.of("PGPASSWORD", PG_PASSWORD),
                List.of("-e", "PGUSER=" + PG_USER, "-e", "PGPASSWORD", "-v", volume + ":/data/lake"), IMAGE,
                "export", "postgres", "--url", url, "--schema", "bankdata");
        assertThat(export.exit()).as(export.toString()).isZero();

        try (Connection reader = DriverManager.getConnection(url, PG_USER, PG_PASSWORD); Statement s = reader.createStatement()) {
            List<RawTruth.Ranked> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery("SELECT institution_name, total_complaints FROM bankdata.answer_top_complaints")) {
                while (r.next()) {
                    rows.add(new RawTruth.Ranked(r.getString(1), r.getLong(2)));
                }
            }
            assertThat(rows.get(0)).isEqualTo(new RawTruth.Ranked(CAIXA, CAIXA_ALL_QUARTERS));
            assertThat(rows).isEqualTo(topTen);
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM bankdata.bankdata_load")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(1);
            }
        }
    }

    /**
     * The Airflow recipe builds (on the Debian base, with this build's bankdata image), and the DAG's tasks, each run
     * with its own {@code bash_command} in the order of the file (which the test checks is an order of the DAG's
     * edges), as uid 10001 in group 0 like the compose file's Airflow, publish the known answers into a fresh lake.
     */
    @Test
    void airflowImageRunsEveryTaskOfTheDagOnTheSameDebianBase() throws Exception {
        List<String> build = new ArrayList<>(List.of("build", "--pull=never"));
        build.addAll(Podman.RUN_FLAGS);
        build.addAll(List.of("--build-arg", "AIRFLOW_IMAGE=" + base, "--build-arg", "BANKDATA_IMAGE=" + IMAGE,
                "-t", AIRFLOW_IMAGE, "deploy/airflow"));
        long started = System.nanoTime();
        Podman.podman(Duration.ofMinutes(10), build.toArray(String[]::new)).ok();
        started = step("Airflow image built", started);

        AirflowDagCommands dag = AirflowDagCommands.read(Path.of("deploy/airflow/dags/bankdata.py"));
        assertThat(dag.tasks()).hasSize(PipelineDefinition.tasks().size());
        String script = "set -e\n" + String.join("\n", dag.commands(AIRFLOW_RUN_ID)) + "\n";
        String lake = volume + "-airflow";
        Podman.Outcome tasks = Podman.runOnce(Duration.ofMinutes(20), Map.of(),
                List.of("--user", "10001:0", "-v", lake + ":/data/lake", "--entrypoint", "/bin/bash"), AIRFLOW_IMAGE, "-c", script);
        step("the DAG's " + dag.tasks().size() + " tasks run", started);
        assertThat(tasks.exit()).as(tasks.toString()).isZero();
        assertThat(tasks.out() + tasks.err()).containsPattern("job publish of run \\S+ succeeded");

        // the DAG's lake, read by bankdata's image: the published answers
        Podman.Outcome query = Podman.runOnce(Duration.ofMinutes(5), Map.of(), List.of("-v", lake + ":/data/lake:ro"), IMAGE,
                "query", "--format", "json", "SELECT i.name AS institution_name, SUM(f.total_complaints) AS total"
                        + " FROM fact_complaints f JOIN dim_institution i USING (institution_key)"
                        + " GROUP BY i.institution_key, i.name ORDER BY total DESC, institution_name LIMIT 10").ok();
        List<RawTruth.Ranked> rows = new ArrayList<>();
        JSON.readTree(query.out()).forEach(r -> rows.add(new RawTruth.Ranked(r.get("institution_name").asText(), r.get("total").asLong())));
        assertThat(rows.get(0)).isEqualTo(new RawTruth.Ranked(CAIXA, CAIXA_ALL_QUARTERS));
        assertThat(rows).isEqualTo(topTen);
    }

    private static String[] withRunFlags(String... args) {
        List<String> line = new ArrayList<>(List.of(args[0]));
        line.addAll(Podman.RUN_FLAGS);
        line.addAll(List.of(args).subList(1, args.length));
        return line.toArray(String[]::new);
    }

    private JsonNode waitForHealth(int port, String container) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> health = get(port, "/health");
                if (health.statusCode() == 200) {
                    return JSON.readTree(health.body());
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("serve did not answer /health within 120 s; its log:\n"
                + Podman.podman(Duration.ofMinutes(1), "logs", container));
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
