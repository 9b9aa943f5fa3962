package org.bankdata.catalog;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The column types bankdata publishes, each with its name in every engine that reads or will hold the tables:
 * Spark (writes them), DuckDB (checks and queries them), Postgres and Athena/Hive (DDL generated from the
 * catalog). A type not listed here cannot be published: add it here first, with all its mappings.
 */
public enum ColumnType {
    INT("int", "INTEGER", "integer", "int"),
    BIGINT("bigint", "BIGINT", "bigint", "bigint"),
    STRING("string", "VARCHAR", "text", "string"),
    DATE("date", "DATE", "date", "date"),
    /** Instant in UTC; Spark's TIMESTAMP is time-zone aware, like Postgres' timestamptz. */
    TIMESTAMP("timestamp", "TIMESTAMP WITH TIME ZONE", "timestamptz", "timestamp"),
    DECIMAL_12_2("decimal(12,2)", "DECIMAL(12,2)", "numeric(12,2)", "decimal(12,2)"),
    DECIMAL_18_2("decimal(18,2)", "DECIMAL(18,2)", "numeric(18,2)", "decimal(18,2)");

    private final String docName;
    private final String duckDb;
    private final String postgres;
    private final String hive;

    ColumnType(String docName, String duckDb, String postgres, String hive) {
        this.docName = docName;
        this.duckDb = duckDb;
        this.postgres = postgres;
        this.hive = hive;
    }

    /** The Spark SQL type a task must write. */
    public DataType sparkType() {
        return switch (this) {
            case INT -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case STRING -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case DECIMAL_12_2 -> DataTypes.createDecimalType(12, 2);
            case DECIMAL_18_2 -> DataTypes.createDecimalType(18, 2);
        };
    }

    /** The name used in docs/DATA.md, e.g. {@code decimal(12,2)}. */
    public String docName() {
        return docName;
    }

    public String duckDbType() {
        return duckDb;
    }

    public String postgresType() {
        return postgres;
    }

    /** The type in an Athena (Hive) {@code CREATE EXTERNAL TABLE} over the Parquet files. */
    public String hiveType() {
        return hive;
    }

    /** The declared type Spark's {@code type} is, or empty when it is none of them. */
    public static java.util.Optional<ColumnType> ofSpark(DataType type) {
        for (ColumnType t : values()) {
            if (t.sparkType().equals(type)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
