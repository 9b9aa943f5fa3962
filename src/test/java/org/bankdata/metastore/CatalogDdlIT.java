package org.bankdata.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bankdata.ChildJvm;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.cli.InProcessCli;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.query.LakeQueryEngine;
import org.bankdata.query.QueryResult;
import org.bankdata.serve.BundledLake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL of {@code bankdata catalog} executed for real: Spark SQL with Hive support and an embedded Derby
 * metastore (in a child JVM) creates the tables of a lake published by the pipeline, and every table then reads
 * the same rows through the metastore as DuckDB reads from the snapshot. Then a second snapshot is published
 * (fact_complaints without 2021Q1, a quarantine with one complaints row and no banks or fees folder), and only
 * the ALTER statements of the new script are run: the tables read the new versions.
 */
class CatalogDdlIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void theGeneratedDdlReadsEveryPublishedTableInSparkWithAHiveMetastoreAndRepointsAfterAPublish() throws Exception {
        Path lake = BundledLake.copy(tmp.resolve("lake"));
        LakeLayout layout = new LakeLayout(lake);
        SnapshotStore store = new SnapshotStore(layout);
        Snapshot first = store.require();
        Map<String, RowChecksum> duckFirst = duckDb(layout, first);
        long complaints2021Q1 = count(layout, first, "SELECT count(*) FROM fact_complaints WHERE period_key = 20211");
        assertThat(complaints2021Q1).isPositive();

        Path hive1 = catalog(lake, "hive", "bk_hive", "hive-1.sql");
        Path spark1 = catalog(lake, "spark", "bk_spark", "spark-1.sql");
        Path athena1 = catalog(lake, "athena", "bk_athena", "athena-1.sql");

        Snapshot second = publishSecond(layout, store, first);
        Map<String, RowChecksum> duckSecond = duckDb(layout, second);
        assertThat(duckSecond.get("fact_complaints").rows()).isEqualTo(duckFirst.get("fact_complaints").rows() - complaints2021Q1);
        assertThat(duckSecond.get("quarantine").rows()).isEqualTo(1);
        Path hive2 = catalog(lake, "hive", "bk_hive", "hive-2.sql");
        Path spark2 = catalog(lake, "spark", "bk_spark", "spark-2.sql");

        List<JsonNode> probes = probe("run=" + hive1, "run=" + spark1, "run=" + athena1,
                "read=bk_hive", "read=bk_spark", "read=bk_athena",
                "alter=" + hive2, "alter=" + spark2, "read=bk_hive", "read=bk_spark");
        assertThat(probes).hasSize(5);

        for (JsonNode read : probes.subList(0, 2)) {
            assertSameAsDuckDb(read, duckFirst, layout, first, List.of());
            assertComments(read);
        }
        // Athena's partition projection means nothing to Spark: its quarantine has no partition there.
        assertSameAsDuckDb(probes.get(2), duckFirst, layout, first, List.of("quarantine"));
        assertThat(probes.get(2).at("/tables/quarantine/rows").asLong()).isZero();
        for (JsonNode read : probes.subList(3, 5)) {
            assertSameAsDuckDb(read, duckSecond, layout, second, List.of());
            assertThat(read.at("/tables/fact_complaints/location").asText()).endsWith("/v_" + second.runId());
        }
    }

    private static void assertSameAsDuckDb(JsonNode read, Map<String, RowChecksum> duck, LakeLayout layout, Snapshot snapshot,
            List<String> skip) {
        String database = read.get("database").asText();
        assertThat(names(read.get("tables"))).as(database).containsExactlyInAnyOrderElementsOf(snapshot.tables().keySet());
        for (PublishedTable table : snapshot.tables().values()) {
            if (skip.contains(table.name())) {
                continue;
            }
            JsonNode t = read.get("tables").get(table.name());
            RowChecksum expected = duck.get(table.name());
            assertThat(t.get("rows").asLong()).as(database + "." + table.name() + " rows").isEqualTo(expected.rows());
            assertThat(t.get("checksum").asText()).as(database + "." + table.name() + " checksum").isEqualTo(expected.value());
            Path location = Path.of(URI.create(t.get("location").asText()));
            assertThat(location).as(database + "." + table.name() + " location").isEqualTo(layout.root().resolve(table.path()));
        }
    }

    /** Every column keeps its meaning as the catalog declares it, quotes and semicolons included. */
    private static void assertComments(JsonNode read) {
        for (TableDef table : Tables.all()) {
            JsonNode comments = read.at("/tables/" + table.name() + "/comments");
            for (ColumnDef c : table.columns()) {
                String meaning = c.description() + (c.unit().isEmpty() ? "" : " (" + c.unit() + ")");
                assertThat(comments.get(c.name()).asText()).as(table.name() + "." + c.name())
                        .isEqualTo(ExternalTableDdl.comment(meaning));
            }
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** fact_complaints without 2021Q1 and a quarantine of one complaints row (written by DuckDB), published on {@code first}. */
    private static Snapshot publishSecond(LakeLayout layout, SnapshotStore store, Snapshot first) throws Exception {
        String run = "20300101T000000Z-repoint";
        Path facts = Files.createDirectories(layout.tableVersion("fact_complaints", run));
        Path quarantine = Files.createDirectories(layout.tableVersion("quarantine", run).resolve("source=complaints"));
        String oldFacts = layout.root().resolve(first.table("fact_complaints").path()).resolve("*.parquet").toString();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + oldFacts + "') WHERE period_key <> 20211) TO '"
                    + facts.resolve("part-00000.parquet") + "' (FORMAT parquet)");
            st.execute("COPY (SELECT 'complaints' AS source, '2021_tri_01.csv' AS file, CAST(7 AS BIGINT) AS line,"
                    + " 'Índice ''abc'' is not a number' AS reason, 'raw;line' AS raw) TO '"
                    + quarantine.resolve("part-00000.parquet") + "' (FORMAT parquet)");
        }
        Map<String, PublishedTable> tables = new HashMap<>(first.tables());
        tables.put("fact_complaints", new PublishedTable("fact_complaints", layout.relative(facts), 0, run));
        tables.put("quarantine", new PublishedTable("quarantine", layout.relative(quarantine.getParent()), 1, run));
        Snapshot second = new Snapshot(run, Instant.now(), tables, first.runId());
        store.publish(second);
        return store.require();
    }

    private static Map<String, RowChecksum> duckDb(LakeLayout layout, Snapshot snapshot) {
        Map<String, RowChecksum> sums = new HashMap<>();
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, snapshot)) {
            for (PublishedTable published : snapshot.tables().values()) {
                TableDef table = Tables.named(published.name());
                QueryResult result = engine.query("SELECT " + RowChecksum.selectList(table, "epoch_us", '"') + " FROM " + table.name());
                RowChecksum sum = new RowChecksum();
                result.rows().forEach(sum::add);
                sums.put(table.name(), sum);
            }
        }
        return sums;
    }

    private static long count(LakeLayout layout, Snapshot snapshot, String sql) {
        try (LakeQueryEngine engine = LakeQueryEngine.open(layout, snapshot)) {
            return ((Number) engine.query(sql).rows().get(0).get(0)).longValue();
        }
    }

    private Path catalog(Path lake, String format, String database, String file) {
        Path script = tmp.resolve(file);
        InProcessCli.Result result = InProcessCli.bankdata("catalog", "--lake", lake.toString(), "--format", format,
                "--database", database, "-o", script.toString());
        assertThat(result.exit()).as(result.err()).isZero();
        return script;
    }

    private List<JsonNode> probe(String... steps) throws IOException, InterruptedException {
        Path work = Files.createDirectories(tmp.resolve("metastore"));
        List<String> args = new ArrayList<>(List.of(work.toString()));
        args.addAll(List.of(steps));
        Process child = ChildJvm.builder(List.of("-Dderby.system.home=" + work, "-Dderby.stream.error.file=" + work.resolve("derby.log")),
                HiveCatalogProbe.class.getName(), args).redirectError(tmp.resolve("probe.err").toFile()).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(out + Files.readString(tmp.resolve("probe.err"))).isZero();
        List<JsonNode> probes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            if (line.startsWith("probe ")) {
                probes.add(JSON.readTree(line.substring("probe ".length())));
            }
        }
        return probes;
    }
}
