package org.bankdata.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.bankdata.errors.QualityCheckException;

/**
 * The one declaration of a published table: name (a public contract), layer, grain (what one row is), what
 * it holds, its key, the task(s) that write it, its columns in order and the rules it obeys. The tasks write
 * through it, the check step runs its checks, docs/DATA.md is generated from it, and DDL for other engines
 * is derived from it.
 */
public record TableDef(String name, Layer layer, String grain, String description, List<String> key, List<String> writtenBy,
        List<ColumnDef> columns, List<TableCheck> checks, String partitionColumn) {

    /** Where a table sits in the flow from the sources to the answers. */
    public enum Layer { CURATED, DIMENSION, FACT, CHART }

    public TableDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(grain, "grain");
        Objects.requireNonNull(description, "description");
        key = List.copyOf(key);
        writtenBy = List.copyOf(writtenBy);
        columns = List.copyOf(columns);
        checks = List.copyOf(checks);
        List<String> names = columns.stream().map(ColumnDef::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("table " + name + " declares a column twice: " + names);
        }
        for (String k : key) {
            if (!names.contains(k)) {
                throw new IllegalArgumentException("table " + name + " has key column " + k + " that it does not declare");
            }
        }
        if (writtenBy.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " names no task that writes it");
        }
        if (partitionColumn != null && !names.contains(partitionColumn)) {
            throw new IllegalArgumentException("table " + name + " is partitioned by column " + partitionColumn
                    + " that it does not declare");
        }
    }

    /** A table written as one folder of Parquet files (not partitioned). */
    public TableDef(String name, Layer layer, String grain, String description, List<String> key, List<String> writtenBy,
            List<ColumnDef> columns, List<TableCheck> checks) {
        this(name, layer, grain, description, key, writtenBy, columns, checks, null);
    }

    /**
     * The same table, written in one folder {@code <column>=<value>/} per value of {@code column} (the files
     * hold the column too): engines that read the lake through a metastore declare it as a partition column.
     */
    public TableDef partitionedBy(String column) {
        return new TableDef(name, layer, grain, description, key, writtenBy, columns, checks, column);
    }

    /** The column the table's folders are split by, if any ({@link #partitionedBy}). */
    public java.util.Optional<ColumnDef> partition() {
        return java.util.Optional.ofNullable(partitionColumn).map(this::column);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    public ColumnDef column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table " + name + " has no column " + columnName));
    }

    /** The Spark schema of the table: declared names, types and nullability, in order. */
    public StructType sparkSchema() {
        StructType schema = new StructType();
        for (ColumnDef c : columns) {
            schema = schema.add(c.name(), c.type().sparkType(), c.nullable());
        }
        return schema;
    }

    /**
     * Every rule the check step runs on this table: the key is unique, each column declared not nullable
     * holds no null, then the declared checks.
     */
    public List<TableCheck> allChecks() {
        List<TableCheck> all = new ArrayList<>();
        if (!key.isEmpty()) {
            all.add(new TableCheck.Unique(key));
        }
        for (ColumnDef c : columns) {
            if (!c.nullable()) {
                all.add(new TableCheck.NotNull(c.name()));
            }
        }
        all.addAll(checks);
        return all;
    }

    /** The foreign keys: the declared relationships. */
    public List<TableCheck.Relationship> relationships() {
        return checks.stream().filter(TableCheck.Relationship.class::isInstance).map(TableCheck.Relationship.class::cast).toList();
    }

    /**
     * Throws when {@code written} (what a task is about to write) differs from the declaration in column names,
     * order or types, naming both lists. Nullability is not compared: Spark's is not kept by Parquet readers,
     * and the check step tests declared not-null columns on the data itself.
     */
    public void requireColumns(StructType written) {
        List<String> actual = new ArrayList<>();
        for (StructField field : written.fields()) {
            actual.add(field.name() + " " + ColumnType.ofSpark(field.dataType()).map(ColumnType::docName)
                    .orElse(field.dataType().simpleString()));
        }
        List<String> declared = columns.stream().map(ColumnDef::signature).toList();
        if (!actual.equals(declared)) {
            throw new QualityCheckException("table " + name + " was written with columns " + list(actual)
                    + " but is declared with " + list(declared) + " (org.bankdata.catalog); make the task write the"
                    + " declared columns, or change the declaration and docs/DATA.md with it");
        }
    }

    private static String list(List<String> items) {
        return items.stream().collect(Collectors.joining(", ", "[", "]"));
    }
}
