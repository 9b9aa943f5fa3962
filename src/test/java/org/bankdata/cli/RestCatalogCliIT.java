package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.lake.RestCatalogTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata run --catalog http://…} against Iceberg's own REST catalog server (a child JVM): the lake's tables
 * are made and published through the REST protocol (no SQLite catalog in the lake), a plain Iceberg REST client finds
 * them as {@code bankdata.<table>} with the rows DuckDB counts in their data files, {@code bankdata catalog} prints the
 * settings of a REST catalog, and a second lake in the same namespace is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestCatalogCliIT {
    @TempDir
    static Path work;

    private RestCatalogTestServer server;
    private Path lake;
    private Result first;

    @BeforeAll
    void runOnceWithTheRestCatalog() throws Exception {
        server = RestCatalogTestServer.start(work.resolve("rest"));
        TestSpark.session();
        lake = work.resolve("lake");
        first = run(lake, "--quiet");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Result run(Path lakeDir, String... more) {
        List<String> args = new ArrayList<>(List.of("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lakeDir.toString(), "--catalog", server.uri()));
        args.addAll(List.of(more));
        return InProcessCli.bankdata(args.toArray(String[]::new));
    }

    @Test
    void everyPublishedTableIsFoundThroughTheRestCatalogWithTheRowsDuckDbCountsInItsFiles() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(lake.resolve("catalog.db")).as("no SQLite catalog in the lake").doesNotExist();
        try (RESTCatalog rest = new RESTCatalog();
                Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = duck.createStatement()) {
            rest.initialize("bankdata", Map.of("uri", server.uri()));
            assertThat(rest.listTables(Namespace.of("bankdata"))).extracting(TableIdentifier::name)
                    .containsExactlyInAnyOrderElementsOf(Tables.all().stream().map(TableDef::name).toList());
            int nonEmpty = 0;
            for (TableDef def : Tables.all()) {
                Table table = rest.loadTable(TableIdentifier.of("bankdata", def.name()));
                assertThat(table.location()).as("made at its place in the lake")
                        .isEqualTo(lake.toAbsolutePath().resolve("tables").resolve(def.name()).toUri().toString().replaceAll("/$", ""));
                List<String> files = new ArrayList<>();
                try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
                    tasks.forEach(t -> files.add(t.file().location().replaceFirst("^file:", "")));
                }
                long recorded = Long.parseLong(table.currentSnapshot().summary().get("total-records"));
                long counted = 0;
                if (!files.isEmpty()) {
                    String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + list + ")")) {
                        rs.next();
                        counted = rs.getLong(1);
                    }
                    nonEmpty++;
                }
                assertThat(counted).as(def.name()).isEqualTo(recorded);
                Result queried = InProcessCli.bankdata("query", "--lake", lake.toString(), "--format", "csv",
                        "SELECT count(*) AS n FROM " + def.name());
                assertThat(queried.exit()).as(queried.err()).isZero();
                assertThat(queried.out().lines().skip(1).findFirst().orElseThrow()).as(def.name()).isEqualTo(String.valueOf(counted));
            }
            assertThat(nonEmpty).isGreaterThan(10);
        }
    }

    @Test
    void theCatalogVerbPrintsTheRestCatalogsSettings() {
        assertThat(first.exit()).as(first.err()).isZero();
        Result printed = InProcessCli.bankdata("catalog", "--lake", lake.toString(), "--catalog", server.uri());
        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out()).contains("spark.sql.catalog.bankdata org.apache.iceberg.spark.SparkCatalog\n",
                "spark.sql.catalog.bankdata.type rest\n", "spark.sql.catalog.bankdata.uri " + server.uri() + "\n")
                .doesNotContain("catalog-impl");
        assertThat(printed.err()).contains("FROM bankdata.bankdata.<table>");
    }

    /** An engine that knows nothing of bankdata (Spark and Iceberg only) reads every table through the REST catalog. */
    @Test
    void sparkWithOnlyIcebergReadsEveryTableOfTheRestCatalogWithDuckDbsRowsAndSums() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        List<String> settings = ExternalEngineIT.settings(lake, server.uri());
        assertThat(settings).contains("spark.sql.catalog.bankdata.type=rest");
        ExternalEngineIT.assertSameAsDuckDb(lake, ExternalEngineIT.externalRead(work, settings, "rest"));
    }

    @Test
    void aSecondLakeInTheSameNamespaceIsRefusedAndOneInItsOwnNamespaceIsNot() throws Exception {
        assertThat(first.exit()).as(first.err()).isZero();
        Path other = work.resolve("another-lake");
        Result refused = run(other, "--quiet");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("the Iceberg catalog in " + server.uri() + " already holds the tables of another"
                + " lake in namespace bankdata").contains("--namespace");

        Result own = run(other, "--quiet", "--namespace", "second_lake");
        assertThat(own.exit()).as(own.err()).isZero();
        try (RESTCatalog rest = new RESTCatalog()) {
            rest.initialize("bankdata", Map.of("uri", server.uri()));
            assertThat(rest.loadTable(TableIdentifier.of("second_lake", "dim_institution")).location())
                    .contains(other.getFileName().toString());
        }
        assertThat(Files.exists(other.resolve("tables/_snapshot.json"))).isTrue();
    }
}
