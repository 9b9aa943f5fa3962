package org.bankdata.warehouse;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.ColumnType;
import org.bankdata.catalog.TableCheck;
import org.bankdata.catalog.TableDef;
import org.bankdata.config.QuarterRange;
import org.bankdata.query.ChartQuery;

/**
 * The Postgres DDL of the published tables, generated from their declarations ({@code org.bankdata.catalog}):
 * column types ({@link ColumnType#postgresType()}), NOT NULL, primary keys, foreign keys (the declared
 * relationships) and comments (grain, meaning, unit, source). Nothing here re-types a column. Text columns
 * use the "C" collation, byte order as in DuckDB and Spark, so the answers break ties in the same order.
 * The three questions are views running {@link ChartQuery}'s SQL, the one definition of each answer.
 */
public final class PostgresDdl {
    /** Suffix of the schema a load fills before it is renamed over the target schema. */
    public static final String STAGING_SUFFIX = "__staging";
    /**
     * How the comment on a schema bankdata created starts: the mark that tells bankdata's schemas (replaced whole on
     * each load) from others (never replaced unless asked, and then only bankdata's tables in them).
     */
    public static final String SCHEMA_MARKER = "bankdata snapshot ";
    /** The table recording which snapshot a schema holds. */
    public static final String LOAD_TABLE = "bankdata_load";
    /** Prefix of the views answering the three questions, e.g. {@code answer_top_complaints}. */
    public static final String ANSWER_PREFIX = "answer_";

    private PostgresDdl() {
    }

    public static String createTable(String schema, TableDef table) {
        String columns = table.columns().stream().map(PostgresDdl::column).collect(Collectors.joining(",\n  ", "(\n  ", "\n)"));
        return "CREATE TABLE " + qualified(schema, table.name()) + " " + columns;
    }

    private static String column(ColumnDef c) {
        String type = c.type() == ColumnType.STRING ? c.type().postgresType() + " COLLATE \"C\"" : c.type().postgresType();
        return ident(c.name()) + " " + type + (c.nullable() ? "" : " NOT NULL");
    }

    /** The {@code COPY ... FROM STDIN} statement for CSV in the declared column order. */
    public static String copyFrom(String schema, TableDef table) {
        return "COPY " + qualified(schema, table.name()) + " (" + columnList(table) + ") FROM STDIN (FORMAT csv)";
    }

    /** The primary key, when the table declares a key. */
    public static List<String> primaryKey(String schema, TableDef table) {
        if (table.key().isEmpty()) {
            return List.of();
        }
        return List.of("ALTER TABLE " + qualified(schema, table.name()) + " ADD CONSTRAINT " + ident(table.name() + "_pkey")
                + " PRIMARY KEY (" + table.key().stream().map(PostgresDdl::ident).collect(Collectors.joining(", ")) + ")");
    }

    /** One foreign key per declared relationship whose target table is among {@code loaded}. */
    public static List<String> foreignKeys(String schema, TableDef table, Collection<String> loaded) {
        List<String> statements = new ArrayList<>();
        for (TableCheck.Relationship r : table.relationships()) {
            if (!loaded.contains(r.toTable())) {
                continue;
            }
            statements.add("ALTER TABLE " + qualified(schema, table.name()) + " ADD CONSTRAINT "
                    + ident(table.name() + "_" + r.column() + "_fkey") + " FOREIGN KEY (" + ident(r.column()) + ") REFERENCES "
                    + qualified(schema, r.toTable()) + " (" + ident(r.toColumn()) + ")");
        }
        return statements;
    }

    /** COMMENT ON the table (grain and description) and on each column (meaning, unit, source). */
    public static List<String> comments(String schema, TableDef table) {
        List<String> statements = new ArrayList<>();
        String about = "One row: " + table.grain() + "." + (table.description().isBlank() ? "" : " " + table.description());
        statements.add("COMMENT ON TABLE " + qualified(schema, table.name()) + " IS " + literal(about));
        for (ColumnDef c : table.columns()) {
            StringBuilder text = new StringBuilder(c.description());
            if (!c.unit().isEmpty()) {
                text.append(" (unit: ").append(c.unit()).append(")");
            }
            if (!c.source().isEmpty()) {
                text.append(" [source: ").append(c.source()).append("]");
            }
            statements.add("COMMENT ON COLUMN " + qualified(schema, table.name()) + "." + ident(c.name()) + " IS "
                    + literal(text.toString()));
        }
        return statements;
    }

    /**
     * The view answering {@code chart} over every loaded quarter, ordered as the answer is. ChartQuery's SQL names
     * tables unqualified: run these with {@code schema} first on the search_path ({@link #searchPath}); Postgres
     * binds a view to the tables themselves, so it follows them when the schema is renamed.
     */
    public static List<String> answerView(String schema, ChartQuery chart) {
        String name = qualified(schema, answerViewName(chart));
        return List.of("CREATE VIEW " + name + " AS\n" + chart.sql(QuarterRange.ALL),
                "COMMENT ON VIEW " + name + " IS " + literal(chart.title() + ", over every loaded quarter (" + chart.declaration()
                        .description() + ")"));
    }

    /** Makes {@code schema} the only schema unqualified names resolve in, until the transaction ends. */
    public static String searchPath(String schema) {
        return "SET LOCAL search_path TO " + ident(schema);
    }

    public static String answerViewName(ChartQuery chart) {
        return ANSWER_PREFIX + chart.table().substring("chart_".length());
    }

    /** The table recording the loaded snapshot: one row. */
    public static String createLoadTable(String schema) {
        return "CREATE TABLE " + qualified(schema, LOAD_TABLE) + " (\n  snapshot_id text NOT NULL PRIMARY KEY,\n"
                + "  published_at timestamptz NOT NULL,\n  loaded_at timestamptz NOT NULL DEFAULT now(),\n"
                + "  tables integer NOT NULL,\n  total_rows bigint NOT NULL\n)";
    }

    public static String insertLoad(String schema) {
        return "INSERT INTO " + qualified(schema, LOAD_TABLE) + " (snapshot_id, published_at, tables, total_rows) VALUES (?, ?, ?, ?)";
    }

    public static String columnList(TableDef table) {
        return table.columns().stream().map(c -> ident(c.name())).collect(Collectors.joining(", "));
    }

    public static String qualified(String schema, String name) {
        return ident(schema) + "." + ident(name);
    }

    /** A double-quoted identifier (names are lower_snake_case, so quoting never changes them). */
    public static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
