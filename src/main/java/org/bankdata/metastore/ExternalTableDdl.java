package org.bankdata.metastore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.bankdata.catalog.ColumnDef;
import org.bankdata.catalog.TableCheck;
import org.bankdata.catalog.TableDef;

/**
 * DDL that makes a metastore (Glue Data Catalog / Athena, Hive, Spark SQL) read the published tables where they
 * are, generated from the table declarations ({@code org.bankdata.catalog}): column names, types and meanings are
 * never re-typed here.
 *
 * <p>The script is idempotent and is meant to be run whole after every publish: {@code CREATE ... IF NOT EXISTS}
 * creates what is missing, then the repoint statements ({@code ALTER TABLE ... SET LOCATION}, and the partitions'
 * locations) point every table at the published version. Each statement ends with {@code ;} at the end of a
 * line, and no other line does, so a script can be split into statements for engines that take one at a time
 * (Athena). The tables are repointed one after the other: unlike the lake's snapshot, a reader of the metastore
 * may see some tables of the new run and some of the old one for the seconds the script runs.
 */
public final class ExternalTableDdl {
    /** Hive metastore's column comments hold 256 characters, Glue's 255. */
    static final int MAX_COMMENT = 255;
    private static final Pattern DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,127}");

    private final DdlDialect dialect;
    private final String database;

    public ExternalTableDdl(DdlDialect dialect, String database) {
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.database = Objects.requireNonNull(database, "database");
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException(database
                    + " is not lower-case letters, digits and _ (starting with a letter or _), as Athena and Hive require");
        }
    }

    /** Every statement: the database, then each table's creation and repoint statements. */
    public List<String> statements(List<ExternalTable> tables) {
        List<String> all = new ArrayList<>();
        all.add("CREATE DATABASE IF NOT EXISTS " + quote(database));
        for (ExternalTable table : tables) {
            all.add(create(table));
            all.addAll(repoint(table));
        }
        return all;
    }

    /** The statements, each ending with {@code ;} and a line break, a blank line between them. */
    public String script(List<ExternalTable> tables) {
        return statements(tables).stream().map(s -> s + ";\n").collect(Collectors.joining("\n"));
    }

    /** {@code CREATE [EXTERNAL] TABLE IF NOT EXISTS} over the table's published folder. */
    public String create(ExternalTable external) {
        TableDef table = external.table();
        StringBuilder sql = new StringBuilder();
        boolean spark = dialect == DdlDialect.spark;
        sql.append(spark ? "CREATE TABLE IF NOT EXISTS " : "CREATE EXTERNAL TABLE IF NOT EXISTS ").append(name(table)).append(" (\n");
        // Hive declares a partition column apart from the data columns; Spark lists it with them.
        List<ColumnDef> columns = table.columns().stream()
                .filter(c -> spark || !c.name().equals(table.partitionColumn())).toList();
        sql.append(columns.stream().map(c -> "  " + column(c)).collect(Collectors.joining(",\n"))).append("\n)\n");
        if (spark) {
            sql.append("USING parquet\n");
        }
        sql.append("COMMENT ").append(literal(comment(table.grain() + ": " + table.description()))).append('\n');
        table.partition().ifPresent(p -> sql.append("PARTITIONED BY (")
                .append(spark ? quote(p.name()) : column(p)).append(")\n"));
        if (!spark) {
            sql.append("STORED AS PARQUET\n");
        }
        sql.append("LOCATION ").append(literal(location(external.location())));
        if (dialect == DdlDialect.athena && table.partitionColumn() != null) {
            String column = table.partitionColumn();
            sql.append("\nTBLPROPERTIES (\n  'projection.enabled'='true',\n  ")
                    .append(literal("projection." + column + ".type")).append("='enum',\n  ")
                    .append(literal("projection." + column + ".values")).append('=')
                    .append(literal(String.join(",", partitionValues(external)))).append(",\n  ")
                    .append("'storage.location.template'=").append(literal(template(external))).append("\n)");
        }
        return sql.toString();
    }

    /**
     * What points an existing table at the published version: its location and, for a partitioned table, its
     * partitions (Athena: the projection's location template; Hive and Spark: each partition the version has a
     * folder for is added if missing and moved, every other declared value dropped, which keeps the files).
     */
    public List<String> repoint(ExternalTable external) {
        TableDef table = external.table();
        List<String> statements = new ArrayList<>();
        statements.add("ALTER TABLE " + name(table) + " SET LOCATION " + literal(location(external.location())));
        if (table.partitionColumn() == null) {
            return statements;
        }
        if (dialect == DdlDialect.athena) {
            statements.add("ALTER TABLE " + name(table) + " SET TBLPROPERTIES ('storage.location.template'="
                    + literal(template(external)) + ")");
            return statements;
        }
        for (String value : external.partitions()) {
            String spec = partitionSpec(table, value);
            String where = literal(external.partitionLocation(value));
            statements.add("ALTER TABLE " + name(table) + " ADD IF NOT EXISTS " + spec + " LOCATION " + where);
            statements.add("ALTER TABLE " + name(table) + " " + spec + " SET LOCATION " + where);
        }
        for (String value : partitionValues(external)) {
            if (!external.partitions().contains(value)) {
                statements.add("ALTER TABLE " + name(table) + " DROP IF EXISTS " + partitionSpec(table, value));
            }
        }
        return statements;
    }

    private String column(ColumnDef c) {
        String type = dialect == DdlDialect.spark ? c.type().sparkType().sql() : c.type().hiveType();
        String meaning = c.description() + (c.unit().isEmpty() ? "" : " (" + c.unit() + ")");
        return quote(c.name()) + " " + type + " COMMENT " + literal(comment(meaning));
    }

    private String name(TableDef table) {
        return quote(database) + "." + quote(table.name());
    }

    private String partitionSpec(TableDef table, String value) {
        return "PARTITION (" + quote(table.partitionColumn()) + "=" + literal(value) + ")";
    }

    /** Athena wants a folder's location to end with /; Hive and Spark take it either way. */
    private String location(String folder) {
        return dialect == DdlDialect.athena ? folder + "/" : folder;
    }

    private static String template(ExternalTable external) {
        return external.location() + "/" + external.table().partitionColumn() + "=${" + external.table().partitionColumn() + "}/";
    }

    /** The values a partition column may take: its declared accepted values, else the folders present. */
    private static List<String> partitionValues(ExternalTable external) {
        TableDef table = external.table();
        return table.checks().stream()
                .filter(TableCheck.AcceptedValues.class::isInstance).map(TableCheck.AcceptedValues.class::cast)
                .filter(a -> a.column().equals(table.partitionColumn()))
                .map(TableCheck.AcceptedValues::values).findFirst().orElse(external.partitions());
    }

    /** Backticks for Hive, Athena and Spark identifiers. */
    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** A single-quoted string literal: Hive, Athena's DDL and Spark SQL all read backslash escapes. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ").replace(";", "\\;") + "'";
    }

    static String comment(String text) {
        return text.length() <= MAX_COMMENT ? text : text.substring(0, MAX_COMMENT - 1) + "…";
    }
}
