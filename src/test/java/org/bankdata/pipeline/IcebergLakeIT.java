package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.QuarantineLimit;
import org.bankdata.config.QuarterRange;
import org.bankdata.config.RunConfig;
import org.bankdata.lake.LakeCatalog;
import org.bankdata.lake.LakeSite;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.lake.LakeLayout;
import org.bankdata.pipeline.context.RunContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's tables are Iceberg tables written–audited–published: declared schema in the catalog, a failed run's data
 * on its branch only, a publish making main the release tag, and readers that need nothing but the catalog and
 * Parquet (the Iceberg API lists the files, DuckDB reads them; Spark reads the catalog as another engine would).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IcebergLakeIT {
    @TempDir
    static Path work;

    private Path lake;
    private RunSummary first;
    private LakeCatalog catalog;

    @BeforeAll
    void runOnce() {
        lake = work.resolve("lake");
        first = PipelineIT.run(lake, null, 100);
        catalog = LakeSite.local(lake).icebergCatalog();
    }

    @Test
    void everyTableIsAFormatV2IcebergTableWithTheDeclaredSchema() {
        for (TableDef def : Tables.all()) {
            Table table = catalog.table(def.name());
            assertThat(((BaseTable) table).operations().current().formatVersion()).as(def.name()).isEqualTo(2);
            assertThat(table.schema().columns()).extracting(Types.NestedField::name).as(def.name())
                    .containsExactlyElementsOf(def.columnNames());
            for (ColumnDef column : def.columns()) {
                Types.NestedField field = table.schema().findField(column.name());
                assertThat(field.isOptional()).as(def.name() + "." + column.name()).isEqualTo(column.nullable());
                assertThat(field.doc()).isEqualTo(column.description());
            }
            List<String> icebergTypes = new ArrayList<>();
            for (StructField f : SparkSchemaUtil.convert(table.schema()).fields()) {
                icebergTypes.add(f.dataType().simpleString());
            }
            assertThat(icebergTypes).as(def.name()).containsExactlyElementsOf(
                    java.util.Arrays.stream(def.sparkSchema().fields()).map(f -> f.dataType().simpleString()).toList());
            assertThat(table.location()).endsWith("/tables/" + def.name());
        }
        Table quarantine = catalog.table("quarantine");
        assertThat(quarantine.spec().fields()).singleElement()
                .satisfies(f -> assertThat(quarantine.schema().findColumnName(f.sourceId())).isEqualTo("source"))
                .satisfies(f -> assertThat(f.transform().isIdentity()).isTrue());
        assertThat(catalog.table("fact_complaints").spec().isUnpartitioned()).isTrue();
    }

    @Test
    void afterAPublishMainIsTheReleaseTagAndTheRunBranchIsGone() {
        Snapshot release = new SnapshotStore(new LakeLayout(lake)).require();
        assertThat(release.runId()).isEqualTo(first.runId());
        for (PublishedTable published : release.tables().values()) {
            Table table = catalog.table(published.name());
            long main = table.refs().get("main").snapshotId();
            assertThat(table.refs().get("release_" + first.runId()).snapshotId()).as(published.name()).isEqualTo(main);
            assertThat(published.snapshotId()).isEqualTo(main);
            // the run's branch and its attempts' branches are gone with the publish
            assertThat(table.refs().keySet()).as(published.name()).noneMatch(ref -> ref.startsWith("run_" + first.runId()));
        }
    }

    @Test
    void aReaderWithTheIcebergApiAndDuckDbCountsTheReleasedRows() throws Exception {
        Snapshot release = new SnapshotStore(new LakeLayout(lake)).require();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (PublishedTable published : release.tables().values()) {
                Table table = catalog.table(published.name());
                List<String> files = new ArrayList<>();
                long recorded = 0;
                try (CloseableIterable<FileScanTask> tasks = table.newScan().useRef("release_" + release.runId()).planFiles()) {
                    for (FileScanTask task : tasks) {
                        files.add(task.file().location().replaceFirst("^file:/+", "/"));
                        recorded += task.file().recordCount();
                    }
                }
                long counted = 0;
                if (!files.isEmpty()) {
                    String list = files.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ", "[", "]"));
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet(" + list + ")")) {
                        rs.next();
                        counted = rs.getLong(1);
                    }
                }
                assertThat(counted).as(published.name()).isEqualTo(published.rows()).isEqualTo(recorded);
            }
        }
        assertThat(release.table("fact_complaints").rows()).isPositive();
    }

    @Test
    void sparkReadsTheTablesThroughTheCatalogSettingsAnotherEnginePrints() {
        Snapshot release = new SnapshotStore(new LakeLayout(lake)).require();
        SparkSession other = TestSpark.session().newSession();
        catalog.sparkSettings(LakeCatalog.NAME).forEach((k, v) -> {
            if (!k.endsWith("metrics-reporter-impl")) {
                other.conf().set(k, v);
            }
        });
        for (String table : List.of("fact_complaints", "dim_institution", "quarantine")) {
            assertThat(other.table("bankdata.bankdata." + table).count()).as(table).isEqualTo(release.table(table).rows());
        }
    }

    @Test
    void aRunWhoseCheckFailsLeavesMainAsItWasAndKeepsItsDataOnItsBranch() throws java.io.IOException {
        Map<String, Long> mainBefore = mains();
        Snapshot releaseBefore = new SnapshotStore(new LakeLayout(lake)).require();
        // the bundled files plus one line that cannot be parsed: quarantined, which no quarantine at all allows
        Path complaints = java.nio.file.Files.createDirectories(work.resolve("complaints-with-a-bad-line"));
        try (var files = java.nio.file.Files.list(BundledData.complaints())) {
            for (Path file : files.toList()) {
                java.nio.file.Files.copy(file, complaints.resolve(file.getFileName()));
            }
        }
        try (var files = java.nio.file.Files.list(complaints)) {
            Path last = files.filter(f -> f.toString().endsWith(".csv")).sorted().reduce((a, b) -> b).orElseThrow();
            java.nio.file.Files.write(last, "not;a;ranking;line\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    java.nio.file.StandardOpenOption.APPEND);
        }
        RunConfig strict = new RunConfig(complaints, BundledData.bankList(),
                FeesApiConfig.defaults().withPageSize(100), BundledData.feeResponses(), LakeLocation.local(lake), "local[2]",
                new QuarantineLimit(0, BigDecimal.ZERO)).withConglomerateAliases(BundledData.HOME.bundledConglomerateAliases());
        String runId = RunIds.next();
        RunContext context = new RunContext(strict, QuarterRange.ALL, TestSpark.session(), runId);

        assertThatThrownBy(() -> new PipelineRunner(Progress.quiet()).run(context, Map.of()))
                .isInstanceOf(PipelineFailedException.class)
                .satisfies(e -> assertThat(((PipelineFailedException) e).task()).isEqualTo("check"));

        assertThat(mains()).isEqualTo(mainBefore);
        assertThat(new SnapshotStore(new LakeLayout(lake)).require()).isEqualTo(releaseBefore);
        Table quarantine = catalog.table("quarantine");
        assertThat(quarantine.snapshot(quarantine.refs().get("run_" + runId).snapshotId()).summary().get("total-records"))
                .isNotEqualTo(quarantine.snapshot(mainBefore.get("quarantine")).summary().get("total-records"));
        for (String name : List.of("fact_complaints", "dim_institution", "curated_complaints")) {
            Table table = catalog.table(name);
            // the run's version of a table written whole: the snapshot its writer's finished attempt recorded, the head
            // of that attempt's own branch
            long head = context.run().tables().get(name).snapshotId();
            String writer = Tables.named(name).writtenBy().get(0);
            assertThat(table.refs().entrySet()).as(name).anySatisfy(ref -> {
                assertThat(ref.getKey()).matches("run_" + java.util.regex.Pattern.quote(runId) + "_" + writer + "_a1_[0-9a-f]{6}");
                assertThat(ref.getValue().snapshotId()).isEqualTo(head);
            });
            assertThat(table.refs()).doesNotContainKey("run_" + runId);
            assertThat(head).as(name).isNotEqualTo(mainBefore.get(name));
            assertThat(Long.parseLong(table.snapshot(head).summary().get("total-records")))
                    .as(name).isEqualTo(releaseBefore.table(name).rows());
            assertThat(catalog.files(name, head)).isNotEmpty();
        }
    }

    private Map<String, Long> mains() {
        Map<String, Long> mains = new LinkedHashMap<>();
        for (TableDef def : Tables.all()) {
            mains.put(def.name(), catalog.table(def.name()).refs().get("main").snapshotId());
        }
        return mains;
    }
}
