package org.bankdata.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * What differs between the databases a run history is kept in; every statement of {@link RunHistory} and
 * {@link RunHistoryReader} is otherwise the same SQL. The schema of each is a DDL file shipped in the jar next to
 * this class ({@code schema-sqlite.sql}, {@code schema-postgresql.sql}).
 */
enum HistoryDialect {
    /** One lake's own file: WAL so readers never wait for a run, a busy timeout so processes wait for each other. */
    SQLITE("schema-sqlite.sql", "rowid") {
        @Override
        void configure(Connection db) throws SQLException {
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA busy_timeout = 15000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL");
            }
        }

        /** A write transaction: its write lock first, so two processes opening an old file do not both add a column. */
        @Override
        void beginSchemaChange(Connection db) throws SQLException {
            beginWrite(db);
        }

        @Override
        void endSchemaChange(Connection db, boolean commit) throws SQLException {
            endWrite(db, commit);
        }

        @Override
        void beginWrite(Connection db) throws SQLException {
            try (Statement s = db.createStatement()) {
                // the write lock first: what the transaction reads cannot change before it writes
                s.execute("BEGIN IMMEDIATE");
            }
        }

        @Override
        void endWrite(Connection db, boolean commit) throws SQLException {
            try (Statement s = db.createStatement()) {
                s.execute(commit ? "COMMIT" : "ROLLBACK");
            }
        }

        @Override
        String lockRow() {
            return "";
        }

        @Override
        boolean hasColumn(Connection db, String table, String column) throws SQLException {
            return exists(db, "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", table, column);
        }

        @Override
        boolean hasTable(Connection db, String table) throws SQLException {
            return exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table);
        }
    },

    /**
     * A database shared by the processes of a deployment, on several hosts. Schema changes take turns under a
     * transaction-scoped advisory lock (DDL is transactional in Postgres), so two processes opening a new database
     * at once do not race on {@code CREATE TABLE IF NOT EXISTS}.
     */
    POSTGRES("schema-postgresql.sql", "seq") {
        @Override
        void configure(Connection db) {
            // nothing to set: the server's defaults (read committed, autocommit) are what the history needs
        }

        @Override
        void beginSchemaChange(Connection db) throws SQLException {
            db.setAutoCommit(false);
            try (PreparedStatement s = db.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, LockKeys.key("bankdata", "history-schema"));
                s.executeQuery().close();
            }
        }

        @Override
        void endSchemaChange(Connection db, boolean commit) throws SQLException {
            try {
                if (commit) {
                    db.commit();
                } else {
                    db.rollback();
                }
            } finally {
                db.setAutoCommit(true);
            }
        }

        @Override
        void beginWrite(Connection db) throws SQLException {
            db.setAutoCommit(false);
        }

        @Override
        void endWrite(Connection db, boolean commit) throws SQLException {
            endSchemaChange(db, commit);
        }

        @Override
        String lockRow() {
            return " FOR UPDATE";
        }

        @Override
        boolean hasColumn(Connection db, String table, String column) throws SQLException {
            return exists(db, "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                    + " AND table_name = ? AND column_name = ?", table, column);
        }

        @Override
        boolean hasTable(Connection db, String table) throws SQLException {
            return exists(db, "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                    + " AND table_name = ?", table);
        }
    };

    private final String schemaResource;
    private final String insertionOrder;

    HistoryDialect(String schemaResource, String insertionOrder) {
        this.schemaResource = schemaResource;
        this.insertionOrder = insertionOrder;
    }

    /** Session settings of a connection that writes. */
    abstract void configure(Connection db) throws SQLException;

    /** Starts the transaction in which the schema is created or migrated, one process at a time. */
    abstract void beginSchemaChange(Connection db) throws SQLException;

    abstract void endSchemaChange(Connection db, boolean commit) throws SQLException;

    /**
     * Starts the one transaction of a state change: on SQLite it takes the write lock at once (BEGIN IMMEDIATE), on
     * Postgres the rows it reads with {@link #lockRow()} stay locked until {@link #endWrite}.
     */
    abstract void beginWrite(Connection db) throws SQLException;

    /** Commits (or rolls back) the transaction {@link #beginWrite} started and returns to autocommit. */
    abstract void endWrite(Connection db, boolean commit) throws SQLException;

    /** What a SELECT inside a state change ends with to lock the rows it reads ({@code FOR UPDATE}; SQLite locks the file). */
    abstract String lockRow();

    abstract boolean hasColumn(Connection db, String table, String column) throws SQLException;

    abstract boolean hasTable(Connection db, String table) throws SQLException;

    /** The column that orders a run's tasks as they were first recorded. */
    String insertionOrder() {
        return insertionOrder;
    }

    /** The statements of the schema file shipped in the jar, in order, without comments. */
    List<String> schema() {
        try (InputStream in = HistoryDialect.class.getResourceAsStream(schemaResource)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + schemaResource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.stripLeading().startsWith("--"))
                    .reduce("", (a, b) -> a + b + "\n");
            return Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + schemaResource + " from the jar", e);
        }
    }

    /** The file name of the schema in the jar, e.g. {@code schema-postgresql.sql}. */
    String schemaResource() {
        return schemaResource;
    }

    private static boolean exists(Connection db, String sql, String... args) throws SQLException {
        try (PreparedStatement st = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setString(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }
}
