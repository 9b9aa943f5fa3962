package org.bankdata.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;

/**
 * A published lake of hand-made Parquet tables (written by DuckDB, no Spark), small enough to check answers by hand.
 * Complaints: Alfa 10 (2020Q1) + 5 (2020Q2) = 15; Beta 7 + 8 = 15; Gama 15 (2020Q2); Delta 100 (2020Q1).
 * Services: Alfa s1 free, s2 free in 2020 then 5.00 from 2021; Beta s1 at 2.00; Delta s1..s3 free; Gama none.
 * The chart_* tables hold the all-quarters answers worked out by hand from those facts.
 */
public final class TinyLake {
    public static final String RUN_ID = "tiny";

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("dim_institution", "SELECT *, 'bank' AS institution_type, cnpj8 AS fee_cnpj8 FROM (VALUES (1::BIGINT, 'Alfa', '00000001'),"
                + " (2, 'Beta', '00000002'), (3, 'Gama', '00000003'), (4, 'Delta', '00000004')) t(institution_key, name, cnpj8)");
        TABLES.put("dim_period", "SELECT * FROM (VALUES (20201, '2020Q1'), (20202, '2020Q2')) t(period_key, label)");
        TABLES.put("fact_complaints", "SELECT * FROM (VALUES (1::BIGINT, 20201, 10::BIGINT), (1, 20202, 5), (2, 20201, 7),"
                + " (2, 20202, 8), (3, 20202, 15), (4, 20201, 100)) t(institution_key, period_key, total_complaints)");
        TABLES.put("fact_service_fee", "SELECT institution_key, service_key, person_type, valid_from,"
                + " CAST(max_fee AS DECIMAL(12, 2)) AS max_fee FROM (VALUES"
                + " (1::BIGINT, 1::BIGINT, 'J', DATE '2021-01-01', 0), (1, 2, 'J', DATE '2020-01-01', 0),"
                + " (1, 2, 'J', DATE '2021-01-01', 5), (2, 1, 'J', DATE '2021-01-01', 2),"
                + " (4, 1, 'J', DATE '2021-01-01', 0), (4, 2, 'J', DATE '2021-01-01', 0), (4, 3, 'J', DATE '2021-01-01', 0))"
                + " t(institution_key, service_key, person_type, valid_from, max_fee)");
        TABLES.put("chart_top_complaints", "SELECT * FROM (VALUES (4::BIGINT, 'Delta', 100::BIGINT), (1, 'Alfa', 15),"
                + " (2, 'Beta', 15), (3, 'Gama', 15)) t(institution_key, institution_name, total_complaints)");
        TABLES.put("chart_top_free_services", "SELECT * FROM (VALUES (4::BIGINT, 'Delta', 3::BIGINT), (1, 'Alfa', 1))"
                + " t(institution_key, institution_name, free_services)");
        TABLES.put("chart_services_vs_complaints", "SELECT * FROM (VALUES (1::BIGINT, 'Alfa', 2::BIGINT, 15::BIGINT),"
                + " (2, 'Beta', 1, 15), (4, 'Delta', 3, 100)) t(institution_key, institution_name, services, total_complaints)");
    }

    private TinyLake() {
    }

    /** Writes the tables under {@code root} and publishes them; returns the layout. */
    public static LakeLayout publish(Path root) throws IOException, SQLException {
        LakeLayout layout = new LakeLayout(root);
        Map<String, PublishedTable> published = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                Path dir = Files.createDirectories(layout.tableVersion(table.getKey(), RUN_ID));
                String file = dir.resolve("part-0.parquet").toString().replace("'", "''");
                st.execute("COPY (" + table.getValue() + ") TO '" + file + "' (FORMAT PARQUET)");
                published.put(table.getKey(), new PublishedTable(table.getKey(), layout.relative(dir), 0, RUN_ID));
            }
        }
        new SnapshotStore(layout).publish(new Snapshot(RUN_ID, Instant.parse("2024-01-01T00:00:00Z"), published));
        return layout;
    }
}
