package org.bankdata.warehouse;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bankdata.catalog.TableDef;
import org.bankdata.catalog.Tables;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.WarehouseException;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.Snapshot;
import org.bankdata.query.ChartQuery;
import org.bankdata.query.LakeQueryEngine;
import org.postgresql.PGConnection;

/**
 * Loads one published snapshot into a Postgres schema, all or nothing. In one transaction: a staging schema
 * ({@code <schema>__staging}) is created; each declared table of the snapshot is created from its declaration
 * and filled with {@code COPY ... FROM STDIN} (CSV that DuckDB writes from the Parquet files, never row-by-row
 * inserts); keys, foreign keys, comments, the answer views and the {@code bankdata_load} record are added;
 * then the old schema is dropped and the staging one renamed to it (into a schema bankdata did not create, given
 * {@code --replace-schema}, the tables and views are moved in instead: see {@link TargetSchema}). Until the commit, readers see the old
 * schema; a query waiting on the swap's locks resolves the table names again once it gets them, so it sees the
 * new tables; any failure rolls the whole transaction back, leaving the old schema as it was. Loads into one
 * schema are serialized by an advisory lock. A snapshot that is already loaded is not loaded again.
 *
 * <p>What it relies on: Postgres' transactional DDL and its relation-name re-lookup after lock waits.
 */
public final class PostgresLoader {
    /** How long the swap waits for readers' locks on the old tables before giving up (changing nothing). */
    static final Duration SWAP_LOCK_WAIT = Duration.ofSeconds(60);

    /** Told after each table is copied: progress, and a test's way to fail a load midway. */
    public interface Listener {
        void tableLoaded(String table, long rows);

        Listener NONE = (table, rows) -> { };
    }

    /** What a load did. {@code alreadyLoaded}: the schema held this snapshot, nothing was done. */
    public record Result(String snapshotId, boolean alreadyLoaded, int tables, long rows, Duration took) {
    }

    private final WarehouseTarget target;
    private final Listener listener;

    public PostgresLoader(WarehouseTarget target, Listener listener) {
        this.target = Objects.requireNonNull(target, "target");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Loads the snapshot published in {@code layout}. */
    public Result load(LakeLayout layout, Snapshot snapshot) {
        long started = System.nanoTime();
        List<TableDef> tables = Tables.all().stream().filter(t -> snapshot.tables().containsKey(t.name())).toList();
        if (tables.isEmpty()) {
            throw new LakeException("snapshot " + snapshot.runId() + " of lake " + layout.root() + " holds no declared table;"
                    + " run `bankdata run --lake " + layout.root() + "` first");
        }
        try (Connection pg = connect()) {
            pg.setAutoCommit(false);
            String doing = "checking what schema " + target.schema() + " holds";
            try {
                lockSchema(pg);
                TargetSchema.Kind kind = TargetSchema.inspect(pg, target.schema());
                if (kind == TargetSchema.Kind.FOREIGN && !target.replaceSchema()) {
                    throw notBankdatas();
                }
                Optional<String> loaded = kind == TargetSchema.Kind.ABSENT ? Optional.empty()
                        : TargetSchema.loadedSnapshot(pg, target.schema());
                if (loaded.isPresent() && loaded.get().equals(snapshot.runId())) {
                    pg.rollback();
                    return new Result(snapshot.runId(), true, 0, 0, Duration.ofNanos(System.nanoTime() - started));
                }
                String staging = target.schema() + PostgresDdl.STAGING_SUFFIX;
                doing = "creating schema " + staging;
                execute(pg, "DROP SCHEMA IF EXISTS " + PostgresDdl.ident(staging) + " CASCADE");
                execute(pg, "CREATE SCHEMA " + PostgresDdl.ident(staging));
                long rows = 0;
                try (LakeQueryEngine lake = LakeQueryEngine.open(layout, snapshot); Connection duck = lake.newConnection()) {
                    for (TableDef table : tables) {
                        doing = "loading table " + table.name();
                        execute(pg, PostgresDdl.createTable(staging, table));
                        long copied = copy(duck, pg, staging, table);
                        rows += copied;
                        listener.tableLoaded(table.name(), copied);
                    }
                }
                doing = "adding keys, foreign keys, comments and views";
                List<String> names = tables.stream().map(TableDef::name).toList();
                List<String> ddl = new ArrayList<>();
                tables.forEach(t -> ddl.addAll(PostgresDdl.primaryKey(staging, t)));
                tables.forEach(t -> ddl.addAll(PostgresDdl.foreignKeys(staging, t, names)));
                tables.forEach(t -> ddl.addAll(PostgresDdl.comments(staging, t)));
                if (names.containsAll(List.of("fact_complaints", "fact_service_fee", "dim_institution"))) {
                    ddl.add(PostgresDdl.searchPath(staging));
                    for (ChartQuery chart : ChartQuery.values()) {
                        ddl.addAll(PostgresDdl.answerView(staging, chart));
                    }
                }
                ddl.add(PostgresDdl.createLoadTable(staging));
                ddl.add("COMMENT ON SCHEMA " + PostgresDdl.ident(staging) + " IS " + PostgresDdl.literal(PostgresDdl.SCHEMA_MARKER
                        + snapshot.runId() + " (published " + snapshot.publishedAt() + "); see table " + PostgresDdl.LOAD_TABLE));
                for (String reader : target.readers()) {
                    ddl.add("GRANT USAGE ON SCHEMA " + PostgresDdl.ident(staging) + " TO " + PostgresDdl.ident(reader));
                    ddl.add("GRANT SELECT ON ALL TABLES IN SCHEMA " + PostgresDdl.ident(staging) + " TO " + PostgresDdl.ident(reader));
                }
                for (String statement : ddl) {
                    execute(pg, statement);
                }
                try (PreparedStatement insert = pg.prepareStatement(PostgresDdl.insertLoad(staging))) {
                    insert.setString(1, snapshot.runId());
                    insert.setTimestamp(2, Timestamp.from(snapshot.publishedAt()));
                    insert.setInt(3, tables.size());
                    insert.setLong(4, rows);
                    insert.executeUpdate();
                }
                doing = "swapping schema " + staging + " in for " + target.schema();
                execute(pg, "SET LOCAL lock_timeout = '" + SWAP_LOCK_WAIT.toSeconds() + "s'");
                TargetSchema.swapIn(pg, staging, target.schema(), kind, target.readers());
                doing = "committing";
                pg.commit();
                return new Result(snapshot.runId(), false, tables.size(), rows, Duration.ofNanos(System.nanoTime() - started));
            } catch (SQLException e) {
                rollbackQuietly(pg);
                throw PostgresFailures.loading(e, target, snapshot.runId(), doing);
            } catch (RuntimeException e) {
                rollbackQuietly(pg);
                throw e;
            }
        } catch (SQLException e) {
            throw PostgresFailures.loading(e, target, snapshot.runId(), "closing the connection");
        }
    }

    /** The snapshot id the target schema holds, empty when the schema does not exist or holds none. */
    public Optional<String> loadedSnapshot() {
        try (Connection pg = connect()) {
            return TargetSchema.loadedSnapshot(pg, target.schema());
        } catch (SQLException e) {
            throw PostgresFailures.loading(e, target, "?", "reading " + PostgresDdl.LOAD_TABLE);
        }
    }

    private Connection connect() {
        try {
            return DriverManager.getConnection(target.url(), target.connectionProperties());
        } catch (SQLException e) {
            throw PostgresFailures.connecting(e, target);
        }
    }

    private WarehouseException notBankdatas() {
        String fix = target.flags() == TargetFlags.SINK
                ? "--sink loads only into a schema bankdata created: drop or rename that one, or load it with `bankdata"
                        + " export postgres --schema " + target.schema() + " --replace-schema` instead, which keeps its owner,"
                        + " grants and other objects"
                : "load into a schema of bankdata's own (e.g. --schema " + WarehouseTarget.DEFAULT_SCHEMA + "), or give"
                        + " --replace-schema to put bankdata's tables in this one, keeping its owner, grants and other objects";
        return new WarehouseException("schema " + target.schema() + " on Postgres at " + target.server() + " was not created"
                + " by bankdata, and a load replaces the schema it loads into; " + fix + "; nothing was changed", false, null);
    }

    /** Serializes loads into the same schema (held until this transaction ends). */
    private void lockSchema(Connection pg) throws SQLException {
        try (PreparedStatement st = pg.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            st.setString(1, "bankdata export " + target.schema());
            st.execute();
        }
    }

    /** DuckDB writes the table as CSV in the declared column order; Postgres reads it with COPY. */
    private static long copy(Connection duck, Connection pg, String schema, TableDef table) throws SQLException {
        Path csv = null;
        try {
            csv = Files.createTempFile("bankdata-export-" + table.name() + "-", ".csv");
            try (Statement st = duck.createStatement()) {
                st.execute("COPY (SELECT " + PostgresDdl.columnList(table) + " FROM " + table.name() + ") TO "
                        + PostgresDdl.literal(csv.toString()) + " (FORMAT CSV, HEADER false)");
            } catch (SQLException e) {
                throw new LakeException("cannot read table " + table.name() + " from the lake to export it: "
                        + e.getMessage().lines().findFirst().orElse("") + "; check the lake with `bankdata tables`", e);
            }
            try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                return pg.unwrap(PGConnection.class).getCopyAPI().copyIn(PostgresDdl.copyFrom(schema, table), in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage table " + table.name() + " as CSV in " + csv + ": " + e.getMessage(), e);
        } finally {
            if (csv != null) {
                try {
                    Files.deleteIfExists(csv);
                } catch (IOException ignored) {
                    // a temporary file; the OS cleans its temp folder
                }
            }
        }
    }

    private static void execute(Connection pg, String sql) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection pg) {
        try {
            pg.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: the server rolls the transaction back itself
        }
    }
}
