package org.bankdata.query;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.HandWrittenTables;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;

/**
 * A published lake of hand-made Parquet tables (written by DuckDB, no Spark), small enough to check answers by hand.
 * Complaints: Alfa 10 (2020Q1) + 5 (2020Q2) = 15; Beta 7 + 8 = 15; Gama 15 (2020Q2); Delta 100 (2020Q1).
 * Services: Alfa s1 free, s2 free in 2020 then 5.00 from 2021; Beta s1 at 2.00; Delta s1..s3 free; Gama none.
 * Complaint index (2020Q2, the latest quarter): Gama 3.00 (5,000,000 clients), Beta 3.00 and Alfa 1.00 (1,000,000 each).
 * The chart_* tables hold the all-quarters answers worked out by hand from those facts.
 */
public final class TinyLake {
    public static final String RUN_ID = "tiny";

    private static final Map<String, String> TABLES = new LinkedHashMap<>();

    static {
        TABLES.put("dim_institution", "SELECT *, 'bank' AS institution_type, cnpj8 AS fee_cnpj8 FROM (VALUES (1::BIGINT, 'Alfa', '00000001'),"
                + " (2, 'Beta', '00000002'), (3, 'Gama', '00000003'), (4, 'Delta', '00000004')) t(institution_key, name, cnpj8)");
        TABLES.put("dim_period", "SELECT * FROM (VALUES (20201, '2020Q1'), (20202, '2020Q2')) t(period_key, label)");
        TABLES.put("dim_category", "SELECT * FROM (VALUES (1::BIGINT, 'Big')) t(category_key, category)");
        TABLES.put("dim_service", "SELECT * FROM (VALUES (1::BIGINT, 's1', 'Service one'), (2, 's2', 'Service two'),"
                + " (3, 's3', 'Service three')) t(service_key, service_code, service_name)");
        TABLES.put("fact_complaints", "SELECT institution_key, period_key, total_complaints, category_key,"
                + " CAST(complaint_index AS DECIMAL(12, 2)) AS complaint_index, regulated_upheld, clients_total FROM (VALUES"
                + " (1::BIGINT, 20201, 10::BIGINT, 1::BIGINT, 2.0, 2::BIGINT, 1000000::BIGINT), (1, 20202, 5, 1, 1.0, 1, 1000000),"
                + " (2, 20201, 7, 1, NULL, 0, 500), (2, 20202, 8, 1, 3.0, 3, 1000000), (3, 20202, 15, 1, 3.0, 6, 5000000),"
                + " (4, 20201, 100, 1, 50.0, 50, 1000000)) t(institution_key, period_key, total_complaints, category_key,"
                + " complaint_index, regulated_upheld, clients_total)");
        TABLES.put("fact_service_fee", "SELECT institution_key, service_key, person_type, valid_from,"
                + " CAST(max_fee AS DECIMAL(12, 2)) AS max_fee, 'Real' AS fee_type, 'Por evento' AS periodicity FROM (VALUES"
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
        TABLES.put("chart_complaints_trend", "SELECT * FROM (VALUES (4::BIGINT, 'Delta', 1, 20201, '2020Q1', 100::BIGINT),"
                + " (1, 'Alfa', 2, 20201, '2020Q1', 10), (1, 'Alfa', 2, 20202, '2020Q2', 5), (2, 'Beta', 3, 20201, '2020Q1', 7),"
                + " (2, 'Beta', 3, 20202, '2020Q2', 8), (3, 'Gama', 4, 20202, '2020Q2', 15))"
                + " t(institution_key, institution_name, complaints_rank, period_key, quarter, total_complaints)");
        TABLES.put("chart_complaint_index", "SELECT * FROM (VALUES (3::BIGINT, 'Gama', 20202, 'Big', 1,"
                + " CAST(3.0 AS DECIMAL(12, 2)), 6::BIGINT, 5000000::BIGINT)) t(institution_key, institution_name, period_key,"
                + " category, index_rank, complaint_index, regulated_upheld, clients_total)");
        TABLES.put("chart_service_fee", "SELECT institution_key, institution_name, service_code, service_name, person_type,"
                + " fee_type, CAST(max_fee AS DECIMAL(12, 2)) AS max_fee, periodicity, valid_from FROM (VALUES"
                + " (2::BIGINT, 'Beta', 's1', 'Service one', 'J', 'Real', 2, 'Por evento', DATE '2021-01-01'),"
                + " (1, 'Alfa', 's1', 'Service one', 'J', 'Real', 0, 'Por evento', DATE '2021-01-01'),"
                + " (4, 'Delta', 's1', 'Service one', 'J', 'Real', 0, 'Por evento', DATE '2021-01-01'))"
                + " t(institution_key, institution_name, service_code, service_name, person_type, fee_type, max_fee, periodicity,"
                + " valid_from)");
    }

    private TinyLake() {
    }

    /** Writes the tables under {@code root} and publishes them; returns the layout. */
    public static LakeLayout publish(Path root) throws IOException, SQLException {
        LakeLayout layout = new LakeLayout(root);
        Map<String, PublishedTable> published = new LinkedHashMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                Path dir = HandWrittenTables.folder(layout, table.getKey(), RUN_ID);
                String file = dir.resolve("part-0.parquet").toString().replace("'", "''");
                st.execute("COPY (" + table.getValue() + ") TO '" + file + "' (FORMAT PARQUET)");
                published.put(table.getKey(), HandWrittenTables.of(layout, table.getKey(), dir, 0, RUN_ID));
            }
        }
        new SnapshotStore(layout).publish(new Snapshot(RUN_ID, Instant.parse("2024-01-01T00:00:00Z"), published));
        return layout;
    }
}
