package org.bankdata.cli;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bankdata.BundledData;
import org.bankdata.ChildJvm;
import org.bankdata.TestSpark;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.testing.LocalPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Postgres login given every way bankdata takes one (in the URL before the host, as {@code password=}, in
 * {@code --password-file}, {@code PGPASSWORD}, a {@code PGPASSFILE}) to a run with its history in Postgres and a
 * {@code --sink}, then {@code runs}, {@code runs show} and {@code serve} (with DEBUG logs): the password works
 * everywhere and appears in no output, no log line, no row of the run history and no file of the lake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordsStayOutIT {
    private static final String SECRET = "Zq7-unmistakable-Secret";
    private static final String ROLE = "keeper";
    private static final String DATABASE = "secret_history";

    @TempDir
    static Path work;

    private LocalPostgres postgres;
    private Path lake;
    /** Every command's output, by what ran. */
    private final Map<String, String> printed = new LinkedHashMap<>();
    private Result fullRun;
    private Result sinkRun;

    @BeforeAll
    void runWithTheLoginGivenEveryWay() throws Exception {
        postgres = LocalPostgres.shared();
        try (Connection db = postgres.superuser(); Statement st = db.createStatement()) {
            st.execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + SECRET + "'");
            st.execute("CREATE DATABASE " + DATABASE + " OWNER " + ROLE);
        }
        TestSpark.session();
        lake = work.resolve("lake");

        // the login before the host for the history, as password= for the sink
        fullRun = remember("run", InProcessCli.bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lake.toString(), "--quiet", "--history",
                "jdbc:postgresql://" + ROLE + ":" + SECRET + "@127.0.0.1:" + postgres.port() + "/" + DATABASE, "--sink",
                "postgres:jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE + "?user=" + ROLE + "&password="
                        + SECRET));
        // --password-file for both; the sink names a database that does not exist, so its failure is recorded
        Path passwordFile = Files.writeString(work.resolve("password"), SECRET + "\n");
        sinkRun = remember("run --only check", InProcessCli.bankdata("run", "--only", "check", "--downstream", "--lake",
                lake.toString(), "--history", "jdbc:postgresql://" + ROLE + "@127.0.0.1:" + postgres.port() + "/" + DATABASE,
                "--password-file", passwordFile.toString(), "--sink",
                "postgres:jdbc:postgresql://" + ROLE + "@127.0.0.1:" + postgres.port() + "/no_such_database"));
    }

    private Result remember(String what, Result result) {
        printed.put(what, result.out() + result.err());
        return result;
    }

    @Test
    void theLoginWorksFromTheUrlAndThePasswordFile() {
        assertThat(fullRun.exit()).as(fullRun.err()).isZero();
        assertThat(sinkRun.exit()).as(sinkRun.err()).isEqualTo(1);
        // the sink logged in with the password file's password: Postgres says the database is missing, not the password
        assertThat(sinkRun.err()).contains("database no_such_database does not exist on Postgres at 127.0.0.1:"
                + postgres.port());
        assertThat(printed.values()).allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
    }

    @Test
    void runsRunsShowAndServeInOtherProcessesLogInWithPgpasswordOrAPasswordFileAndNeitherPrintsNorLogsIt()
            throws Exception {
        String history = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + DATABASE + "?user=" + ROLE;
        Child runs = child(Map.of("PGPASSWORD", SECRET), "runs", "--lake", lake.toString(), "--history", history,
                "--format", "json");
        assertThat(runs.exit()).as(runs.err()).isZero();
        JsonNode listed = new ObjectMapper().readTree(runs.out());
        assertThat(listed).hasSize(2);
        String withWarning = listed.get(0).get("run_id").asText();

        Path pgpass = Files.writeString(work.resolve("pgpass"), "127.0.0.1:" + postgres.port() + ":" + DATABASE + ":" + ROLE
                + ":" + SECRET + "\n");
        Files.setPosixFilePermissions(pgpass, PosixFilePermissions.fromString("rw-------"));
        Child shown = child(Map.of("PGPASSFILE", pgpass.toString()), "runs", "show", withWarning, "--lake", lake.toString(),
                "--history", history);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("warning: --sink failed: database no_such_database does not exist");

        Child urlWithoutDatabase = child(Map.of(), "runs", "--lake", lake.toString(), "--history",
                "jdbc:postgresql://" + ROLE + ":" + SECRET + "@127.0.0.1:" + postgres.port());
        assertThat(urlWithoutDatabase.exit()).isEqualTo(2);
        assertThat(urlWithoutDatabase.err()).contains("--history jdbc:postgresql://" + ROLE + ":***@127.0.0.1:");

        String dashboard = dashboardRuns(history);
        assertThat(dashboard).contains(withWarning).contains("--sink failed");

        for (String text : List.of(runs.out() + runs.err(), shown.out() + shown.err(),
                urlWithoutDatabase.out() + urlWithoutDatabase.err(), dashboard)) {
            assertThat(text).doesNotContain(SECRET);
        }
    }

    @Test
    void noRowOfTheRunHistoryHoldsThePassword() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection db = java.sql.DriverManager.getConnection(postgres.url().replace("/postgres", "/" + DATABASE),
                LocalPostgres.SUPERUSER, LocalPostgres.SUPERUSER_PASSWORD); Statement st = db.createStatement()) {
            for (String table : List.of("runs", "task_runs", "bankdata.bankdata_load")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                            row.append(" | ").append(rs.getString(c));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        assertThat(rows).as("2 runs, their tasks and the sink's load").hasSizeGreaterThan(12)
                .anySatisfy(row -> assertThat(row).contains("--sink failed"))
                .allSatisfy(row -> assertThat(row).doesNotContain(SECRET));
    }

    @Test
    void noFileOfTheLakeHoldsThePassword() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(lake)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anySatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".json"));
        for (Path file : files) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                    .doesNotContain(SECRET);
        }
    }

    private record Child(int exit, String out, String err) {
    }

    /** {@code bankdata <args>} in its own JVM with DEBUG logs and {@code env}. */
    private static Child child(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = ChildJvm.bankdata(List.of(), List.of(args));
        builder.environment().putAll(env);
        builder.environment().put("BANKDATA_LOG_LEVEL", "DEBUG");
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** {@code bankdata serve} in its own JVM, login from PGPASSWORD: its /api/runs and everything it logged. */
    private String dashboardRuns(String history) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder builder = ChildJvm.bankdata(List.of(), List.of("serve", "--port", Integer.toString(port), "--lake",
                lake.toString(), "--history", history));
        builder.environment().put("PGPASSWORD", SECRET);
        builder.environment().put("BANKDATA_LOG_LEVEL", "DEBUG");
        Path log = Files.createTempFile(work, "serve", ".txt");
        Process serve = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                try {
                    HttpResponse<String> runs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/runs")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(runs.statusCode()).as(runs.body()).isEqualTo(200);
                    return runs.body() + "\n" + Files.readString(log);
                } catch (java.net.ConnectException e) {
                    assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
                    assertThat(System.nanoTime()).as("serve did not start: " + Files.readString(log)).isLessThan(deadline);
                    Thread.sleep(300);
                }
            }
        } finally {
            serve.destroy();
            serve.waitFor(20, TimeUnit.SECONDS);
        }
    }
}
