package org.bankdata.metastore;

/**
 * The engines {@code bankdata catalog} writes DDL for. All three read the same Parquet folders; they differ in
 * how a table over them is declared and how the {@code quarantine} table's {@code source=<value>/} folders
 * become partitions.
 */
public enum DdlDialect {
    /** Amazon Athena / AWS Glue Data Catalog: Hive DDL, partitions by partition projection (no partition to add). */
    athena,
    /** A Hive metastore (Hive, Spark with Hive support, EMR, Trino's Hive connector): Hive DDL, partitions added. */
    hive,
    /** Spark SQL's own tables ({@code USING parquet}), with or without a Hive metastore: partitions added. */
    spark
}
