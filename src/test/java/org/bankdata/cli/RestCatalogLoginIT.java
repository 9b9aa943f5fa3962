package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.bankdata.BundledData;
import org.bankdata.ChildJvm;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.lake.AuthenticatingCatalogFront;
import org.bankdata.lake.RestCatalogTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata run --catalog http://…} against Iceberg's own REST catalog server behind an OAuth2 front (tokens for
 * the right client id and secret only, 401 for a request without a valid one, tokens living 6 s): one run, logged in
 * with {@code BANKDATA_CATALOG_CREDENTIAL} from the environment and DEBUG logs, publishes the bundled answers and keeps
 * its tokens fresh; a wrong secret and no login are each refused in one line naming the catalog and what to set; the
 * secret appears in no output, no log line and no file of the lake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestCatalogLoginIT {
    private static final String CLIENT = "bankdata-lake";
    private static final String SECRET = "Kx9-unmistakable-client-Secret";
    private static final String WRONG = "Wq4-wrong-client-Secret";

    @TempDir
    static Path work;

    private RestCatalogTestServer server;
    private AuthenticatingCatalogFront front;
    private Path lake;
    /** Every command's output, by what ran. */
    private final Map<String, String> printed = new LinkedHashMap<>();
    private Child run;
    private List<String> refusedDuringTheRun;
    private int refreshesDuringTheRun;
    private int refreshedTokenUsesDuringTheRun;

    @BeforeAll
    void runOnceThroughTheFront() throws Exception {
        server = RestCatalogTestServer.start(work.resolve("rest"));
        front = AuthenticatingCatalogFront.start(server.uri(), CLIENT, SECRET, Duration.ofSeconds(6), Duration.ofSeconds(20));
        lake = work.resolve("lake");
        run = child(Map.of("BANKDATA_CATALOG_CREDENTIAL", CLIENT + ":" + SECRET, "BANKDATA_LOG_LEVEL", "DEBUG"), "run",
                "--complaints", BundledData.complaints().toString(), "--banks", BundledData.bankList().toString(), "--lake",
                lake.toString(), "--catalog", front.uri());
        refusedDuringTheRun = front.refusals();
        refreshesDuringTheRun = front.tokensByRefresh();
        refreshedTokenUsesDuringTheRun = front.forwardedWithRefreshedToken();
    }

    @AfterAll
    void stop() {
        if (front != null) {
            front.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theRunLogsInWithTheClientCredentialsAndPublishesTheBundledAnswers() throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).as("CAIXA's complaints in the bundled chart").contains("138458");
        assertThat(Files.exists(lake.resolve("tables/_snapshot.json"))).isTrue();
        assertThat(front.tokensByCredentials()).isPositive();
        assertThat(refusedDuringTheRun).as("no catalog request went without a valid token").isEmpty();
        try (RESTCatalog rest = new RESTCatalog()) {
            rest.initialize("bankdata", Map.of("uri", front.uri(), "rest.auth.type", "oauth2", "credential",
                    CLIENT + ":" + SECRET, "oauth2-server-uri", front.uri() + "v1/oauth/tokens"));
            assertThat(rest.listTables(Namespace.of("bankdata"))).extracting(TableIdentifier::name)
                    .containsExactlyInAnyOrderElementsOf(Tables.all().stream().map(TableDef::name).toList());
            assertThat(rest.loadTable(TableIdentifier.of("bankdata", "fact_complaints")).refs().keySet())
                    .as("published: main and the release's tag, the run's branches removed").contains("main")
                    .anySatisfy(ref -> assertThat(ref).startsWith("release_")).noneMatch(ref -> ref.startsWith("run_"));
        }
        Result tables = InProcessCli.bankdata("tables", "--lake", lake.toString(), "--format", "csv");
        assertThat(tables.exit()).as(tables.err()).isZero();
        assertThat(tables.out()).contains("fact_complaints,892,").contains("dim_institution,177,");
    }

    /** Iceberg's client asks for a new token before the current one expires (token exchange), and uses it. */
    @Test
    void theTokensAreRefreshedBeforeTheyExpireAndTheRefreshedOnesAreUsed() {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(refreshesDuringTheRun).isPositive();
        assertThat(refreshedTokenUsesDuringTheRun).isPositive();
        assertThat(refusedDuringTheRun).isEmpty();
    }

    @Test
    void aWrongSecretIsRefusedInOneLineNamingTheCatalogAndWhatToSet() throws Exception {
        int refusedBefore = front.refusedLogins();
        Child wrong = child(Map.of("BANKDATA_CATALOG_CREDENTIAL", CLIENT + ":" + WRONG), "run", "--complaints",
                BundledData.complaints().toString(), "--banks", BundledData.bankList().toString(), "--lake",
                work.resolve("wrong-lake").toString(), "--catalog", front.uri(), "--quiet");
        assertThat(wrong.exit()).as(wrong.err()).isEqualTo(2);
        assertThat(withoutSlf4jNotice(wrong.err())).hasLineCount(1).startsWith("error: the REST catalog " + front.uri() + " refused the login")
                .contains("HTTP 401").contains("BANKDATA_CATALOG_CREDENTIAL").doesNotContain("Exception")
                .doesNotContain("org.apache").doesNotContain(WRONG);
        assertThat(front.refusedLogins()).isGreaterThan(refusedBefore);
    }

    @Test
    void noLoginIsRefusedInOneLineSayingWhatToSet() {
        assertThat(run.exit()).as(run.err()).isZero();
        Result none = remember("catalog without a login", InProcessCli.bankdata("catalog", "--lake", lake.toString(),
                "--catalog", front.uri()));
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).hasLineCount(1).startsWith("error: the REST catalog " + front.uri() + " refused the login"
                + " (HTTP 401: Unauthorized: a valid bearer token is required) with no login: set BANKDATA_CATALOG_CREDENTIAL");
    }

    @Test
    void theCatalogVerbPrintsTheLoginsSettingsWithAPlaceholderForTheSecret() throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        Child printedSettings = child(Map.of("BANKDATA_CATALOG_CREDENTIAL", CLIENT + ":" + SECRET, "BANKDATA_LOG_LEVEL",
                "DEBUG"), "catalog", "--lake", lake.toString(), "--catalog", front.uri());
        assertThat(printedSettings.exit()).as(printedSettings.err()).isZero();
        assertThat(printedSettings.out()).contains("spark.sql.catalog.bankdata.type rest\n",
                "spark.sql.catalog.bankdata.rest.auth.type oauth2\n",
                "spark.sql.catalog.bankdata.oauth2-server-uri " + front.uri() + "v1/oauth/tokens\n",
                "spark.sql.catalog.bankdata.credential <client_id:client_secret of the catalog's OAuth2 client>\n");
    }

    @Test
    @Order(Integer.MAX_VALUE) // after the others, whose outputs it reads too
    void theSecretIsInNoOutputNoLogLineAndNoFileOfTheLake() throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).as("DEBUG logs were on").contains("DEBUG");
        assertThat(printed.values()).allSatisfy(text -> assertThat(text).doesNotContain(SECRET));
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

    /**
     * {@code err} without the notice SLF4J prints when a child JVM on the test's shared-classes class path logs while
     * logging starts ("SLF4J: A number (1) of logging calls during the initialization phase …"): not bankdata's output.
     */
    private static String withoutSlf4jNotice(String err) {
        return String.join("\n", err.lines().filter(l -> !l.startsWith("SLF4J: ")).toList()) + "\n";
    }

    private Result remember(String what, Result result) {
        printed.put(what, result.out() + result.err());
        return result;
    }

    private record Child(int exit, String out, String err) {
    }

    /** {@code bankdata <args>} in its own JVM with {@code env} (the login is read from the environment only). */
    private Child child(Map<String, String> env, String... args) throws Exception {
        ProcessBuilder builder = ChildJvm.bankdata(List.of(), new ArrayList<>(List.of(args)));
        builder.environment().keySet().removeIf(k -> k.startsWith("BANKDATA_CATALOG"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(480, TimeUnit.SECONDS)).as("bankdata " + String.join(" ", args)).isTrue();
        Child result = new Child(p.exitValue(), Files.readString(out), Files.readString(err));
        printed.put(String.join(" ", args) + " " + env.keySet(), result.out() + result.err());
        return result;
    }
}
