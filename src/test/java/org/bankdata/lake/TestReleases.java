package org.bankdata.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expressions;

/**
 * Releases of table {@code dim_period} made as a run makes them, without Spark: a Parquet file of {@code n} quarters
 * written with DuckDB into the table's {@code data/} folder, committed on the run's branch {@code run_<id>}, then
 * published (tagged {@code release_<id>}, made {@code main}, the release record written) by {@link SnapshotStore} and
 * {@link CatalogRelease}. The row count of each release is the test's own number.
 */
public final class TestReleases {
    public static final String TABLE = "dim_period";

    private TestReleases() {
    }

    /** Publishes run {@code runId}'s release of {@code rows} quarters on the lake's published one. */
    public static Snapshot publish(LakeSite site, String runId, int rows) {
        String base = site.snapshots().current().map(Snapshot::runId).orElse(null);
        String key = commitOnBranch(site, runId, rows);
        return site.snapshots().publish(release(runId, rows, key, base), new CatalogRelease(site.icebergCatalog()));
    }

    /** The record a run of {@code rows} quarters hands to {@link SnapshotStore#publish}. */
    public static Snapshot release(String runId, int rows, String key, String base) {
        PublishedTable t = new PublishedTable(TABLE, LakeLayout.tableKey(TABLE), rows, runId, 0L, List.of(key));
        return new Snapshot(runId, Instant.now(), Map.of(TABLE, t), base);
    }

    /** Writes a file of {@code rows} quarters and commits it as the table on run {@code runId}'s branch; its key. */
    public static String commitOnBranch(LakeSite site, String runId, int rows) {
        String key = writeFile(site, runId, rows);
        LakeCatalog catalog = site.icebergCatalog();
        catalog.ensureBranch(TABLE, LakeCatalog.branch(runId));
        Table table = catalog.table(TABLE);
        DataFile file = DataFiles.builder(table.spec()).withPath(site.location().resolve(key).uri())
                .withFormat(FileFormat.PARQUET).withFileSizeInBytes(table.io().newInputFile(site.location().resolve(key).uri())
                        .getLength()).withRecordCount(rows).build();
        table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue()).addFile(file)
                .toBranch(LakeCatalog.branch(runId)).commit();
        return key;
    }

    /** Writes a Parquet file of {@code rows} quarters under the table's {@code data/}, as a run does before committing. */
    public static String writeFile(LakeSite site, String runId, int rows) {
        String key = LakeLayout.tableKey(TABLE) + "/data/" + runId + "-" + UUID.randomUUID() + ".parquet";
        try {
            Path local = Files.createTempFile("release-", ".parquet");
            try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
                st.execute("COPY (SELECT (2020 + i // 4) * 10 + i % 4 + 1 AS period_key, CAST(2020 + i // 4 AS INTEGER) AS year,"
                        + " CAST(i % 4 + 1 AS INTEGER) AS quarter, DATE '2020-01-01' + INTERVAL (3 * i) MONTH AS first_day,"
                        + " DATE '2020-03-31' + INTERVAL (3 * i) MONTH AS last_day, 'q' || i AS label FROM range(" + rows
                        + ") t(i)) TO '" + local + "' (FORMAT parquet)");
            }
            site.storage().write(key, Files.readAllBytes(local));
            Files.delete(local);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
