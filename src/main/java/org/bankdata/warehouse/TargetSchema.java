package org.bankdata.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The schema a load goes into, as found before the load, and how the filled staging schema takes its place.
 * bankdata marks each schema it creates with a comment starting {@value PostgresDdl#SCHEMA_MARKER}: such a
 * schema is bankdata's and is replaced whole (dropped, the staging schema renamed to it). Any other existing
 * schema (e.g. {@code public}, or one a DBA created with its own grants) is someone else's: a load refuses it
 * unless told to replace it, and then only moves its tables and views into it, replacing those of the same
 * names; the schema itself, its owner, comment, grants and other objects stay as they were.
 */
final class TargetSchema {
    /** Who made the schema. */
    enum Kind {
        /** There is no such schema: the load creates it. */
        ABSENT,
        /** bankdata created it (it bears the marker). */
        BANKDATA,
        /** It exists and bankdata did not create it. */
        FOREIGN
    }

    private TargetSchema() {
    }

    static Kind inspect(Connection pg, String schema) throws SQLException {
        try (PreparedStatement st = pg.prepareStatement(
                "SELECT coalesce(obj_description(oid, 'pg_namespace'), '') FROM pg_namespace WHERE nspname = ?")) {
            st.setString(1, schema);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Kind.ABSENT;
                }
                return rs.getString(1).startsWith(PostgresDdl.SCHEMA_MARKER) ? Kind.BANKDATA : Kind.FOREIGN;
            }
        }
    }

    /** The snapshot the schema's {@code bankdata_load} table records; empty when it has none. */
    static Optional<String> loadedSnapshot(Connection pg, String schema) throws SQLException {
        try (PreparedStatement st = pg.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, PostgresDdl.qualified(schema, PostgresDdl.LOAD_TABLE));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return Optional.empty();
                }
            }
        }
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT snapshot_id FROM "
                + PostgresDdl.qualified(schema, PostgresDdl.LOAD_TABLE) + " ORDER BY loaded_at DESC LIMIT 1")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
    }

    /**
     * Puts what {@code staging} holds in place of {@code schema}. bankdata's own (or no) schema: dropped and
     * {@code staging} renamed to it. Someone else's: its views and tables named as those in {@code staging} are
     * dropped (not CASCADE: an object of theirs that depends on one stops the load), those of {@code staging} moved
     * in, {@code staging} dropped; the schema gets only the USAGE grants to {@code readers}.
     */
    static void swapIn(Connection pg, String staging, String schema, Kind kind, List<String> readers) throws SQLException {
        if (kind != Kind.FOREIGN) {
            execute(pg, "DROP SCHEMA IF EXISTS " + PostgresDdl.ident(schema) + " CASCADE");
            execute(pg, "ALTER SCHEMA " + PostgresDdl.ident(staging) + " RENAME TO " + PostgresDdl.ident(schema));
            return;
        }
        List<String> views = relations(pg, staging, "v");
        List<String> tables = relations(pg, staging, "r");
        if (!views.isEmpty()) {
            execute(pg, "DROP VIEW IF EXISTS " + names(schema, views));
        }
        execute(pg, "DROP TABLE IF EXISTS " + names(schema, tables));
        for (String table : tables) {
            execute(pg, "ALTER TABLE " + PostgresDdl.qualified(staging, table) + " SET SCHEMA " + PostgresDdl.ident(schema));
        }
        for (String view : views) {
            execute(pg, "ALTER VIEW " + PostgresDdl.qualified(staging, view) + " SET SCHEMA " + PostgresDdl.ident(schema));
        }
        execute(pg, "DROP SCHEMA " + PostgresDdl.ident(staging));
        for (String reader : readers) {
            execute(pg, "GRANT USAGE ON SCHEMA " + PostgresDdl.ident(schema) + " TO " + PostgresDdl.ident(reader));
        }
    }

    private static List<String> relations(Connection pg, String schema, String relkind) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement st = pg.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid ="
                + " c.relnamespace WHERE n.nspname = ? AND c.relkind = ? ORDER BY c.relname")) {
            st.setString(1, schema);
            st.setString(2, relkind);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static String names(String schema, List<String> relations) {
        return relations.stream().map(r -> PostgresDdl.qualified(schema, r)).collect(Collectors.joining(", "));
    }

    private static void execute(Connection pg, String sql) throws SQLException {
        try (Statement st = pg.createStatement()) {
            st.execute(sql);
        }
    }
}
