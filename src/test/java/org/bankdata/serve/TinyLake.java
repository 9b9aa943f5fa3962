package org.bankdata.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;

/**
 * A lake with one published table ({@code dim_period}, eight quarters) written by DuckDB, for serve tests
 * that exercise the server itself (exports, request checks) and need no Spark run.
 */
final class TinyLake {
    private TinyLake() {
    }

    static LakeLayout publish(Path root) {
        LakeLayout layout = new LakeLayout(root);
        Path version = layout.tableVersion("dim_period", "tiny");
        try {
            Files.createDirectories(version);
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT y * 10 + q AS period_key, y::VARCHAR || 'Q' || q::VARCHAR AS label"
                        + " FROM range(2020, 2022) a(y), range(1, 5) b(q)) TO '" + version.resolve("part-0.parquet")
                        + "' (FORMAT parquet)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        new SnapshotStore(layout).publish(new Snapshot("tiny", Instant.now(),
                Map.of("dim_period", new PublishedTable("dim_period", layout.relative(version), 8, "tiny"))));
        return layout;
    }
}
