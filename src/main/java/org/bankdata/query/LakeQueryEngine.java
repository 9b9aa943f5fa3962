package org.bankdata.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.config.QuarterRange;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.LakeException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;

/**
 * SQL over the published tables with embedded DuckDB, as the CLI, the checks and the exports use it. Each
 * published table is a view over its Parquet files in the current snapshot. With a quarter range, the chart_*
 * views are computed from the facts for those quarters (same SQL as the published tables); without one they
 * read the published tables. The dashboard's locked-down copy is {@link ServedDatabase}.
 */
public final class LakeQueryEngine implements AutoCloseable {
    private final Connection connection;
    private final Snapshot snapshot;

    private LakeQueryEngine(Connection connection, Snapshot snapshot) {
        this.connection = connection;
        this.snapshot = snapshot;
    }

    /**
     * Loads DuckDB's native library on a background thread (it is unpacked on first use, which takes a
     * few hundred milliseconds), so the first real query does not wait for it.
     */
    public static void warmUpInBackground() {
        Thread warmUp = new Thread(() -> {
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
                c.isValid(1);
            } catch (SQLException | RuntimeException ignored) {
                // the first real query will report any problem with a proper message
            }
        }, "duckdb-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
    }

    /** The published snapshot of {@code layout}; chart views restricted to {@code range}. */
    public static LakeQueryEngine open(LakeLayout layout, QuarterRange range) {
        return open(layout, new SnapshotStore(layout).require(), range, false);
    }

    /** Tables not (yet) published, e.g. the ones a run is about to publish, for checking them. */
    public static LakeQueryEngine openTables(LakeLayout layout, Collection<PublishedTable> tables) {
        Map<String, PublishedTable> byName = new LinkedHashMap<>();
        tables.forEach(t -> byName.put(t.name(), t));
        return open(layout, new Snapshot("unpublished", Instant.now(), byName), QuarterRange.ALL, false);
    }

    /** The tables of {@code snapshot} as views, the chart_* views as published. */
    public static LakeQueryEngine open(LakeLayout layout, Snapshot snapshot) {
        return open(layout, snapshot, QuarterRange.ALL, false);
    }

    /**
     * Like {@link #open(LakeLayout, Snapshot)}, but every connection streams its results: rows are produced
     * as the reader asks for them instead of the whole answer being built in DuckDB's memory first, so a
     * server writing a large answer holds a chunk at a time. A connection then reads one result at a time.
     * The server opens it through {@link ServedDatabase}.
     */
    static LakeQueryEngine openStreaming(LakeLayout layout, Snapshot snapshot) {
        return open(layout, snapshot, QuarterRange.ALL, true);
    }

    /**
     * {@code snapshot}'s tables with their files under {@code files} (the lake folder, or a local copy of a snapshot
     * of a lake on S3); chart views restricted to {@code range}.
     */
    public static LakeQueryEngine open(LakeLayout files, Snapshot snapshot, QuarterRange range) {
        return open(files, snapshot, range, false);
    }

    private static LakeQueryEngine open(LakeLayout layout, Snapshot snapshot, QuarterRange range, boolean streamResults) {
        try {
            java.util.Properties properties = new java.util.Properties();
            properties.setProperty(org.duckdb.DuckDBDriver.JDBC_STREAM_RESULTS, String.valueOf(streamResults));
            Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement st = connection.createStatement()) {
                for (PublishedTable table : snapshot.tables().values()) {
                    st.execute("CREATE VIEW " + table.name() + " AS " + scan(layout, table));
                }
                if (!range.isAll()) {
                    for (ChartQuery chart : ChartQuery.values()) {
                        st.execute("CREATE OR REPLACE VIEW " + chart.table() + " AS " + chart.sql(range));
                    }
                }
            }
            return new LakeQueryEngine(connection, snapshot);
        } catch (SQLException e) {
            throw new LakeException("cannot open the published tables of " + layout.location() + " in DuckDB: " + e.getMessage(), e);
        }
    }

    /**
     * The rows of {@code table}: its data files as the release (or the run) lists them (the Iceberg catalog's files
     * of its snapshot); a table with no file (no rows) is its declared columns, empty.
     */
    private static String scan(LakeLayout layout, PublishedTable table) {
        if (table.files().isEmpty()) {
            TableDef declared = Tables.named(table.name());
            return declared.columns().stream().map(c -> "CAST(NULL AS " + c.type().duckDbType() + ") AS " + c.name())
                    .collect(Collectors.joining(", ", "SELECT ", " WHERE false"));
        }
        String files = table.files().stream().map(f -> literal(layout.resolve(f).toString()))
                .collect(Collectors.joining(", ", "[", "]"));
        return "SELECT * FROM read_parquet(" + files + ", hive_partitioning = false, union_by_name = true)";
    }

    /** Another connection to the same in-memory database (same views and settings), for one concurrent user. */
    public Connection newConnection() {
        try {
            return ((org.duckdb.DuckDBConnection) connection).duplicate();
        } catch (SQLException e) {
            throw new LakeException("cannot open a DuckDB connection: " + e.getMessage(), e);
        }
    }

    /** The database's own connection, for {@link ServedDatabase} to reconfigure it. */
    Connection connection() {
        return connection;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public QueryResult query(String sql) {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<Object>> rows = new ArrayList<>();
            while (rs.next()) {
                List<Object> row = new ArrayList<>(columns.size());
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(value(rs.getObject(i)));
                }
                rows.add(row);
            }
            return new QueryResult(columns, rows);
        } catch (SQLException e) {
            if (OverflowedSum.is(e)) {
                throw new BadInputException(OverflowedSum.MESSAGE, e);
            }
            throw new BadInputException("query failed: " + e.getMessage().lines().findFirst().orElse("") + "; tables: "
                    + String.join(", ", snapshot.tables().keySet()), e);
        }
    }

    public QueryResult chart(ChartQuery chart) {
        return query("SELECT * FROM " + chart.table());
    }

    /** A JDBC value as a plain Java value (Long, BigDecimal, String, LocalDate, ...), as in {@link QueryResult}. */
    public static Object value(Object v) {
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        if (v instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof BigDecimal || v instanceof String || v == null
                || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Short s) {
            return s.intValue();
        }
        if (v instanceof java.math.BigInteger b) {
            return new BigDecimal(b);
        }
        return v.toString();
    }

    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing to release beyond the in-memory database
        }
    }
}
