package org.bankdata.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.S3Settings;

/**
 * Builds the one SparkSession a run uses. Spark's defaults suit clusters; these settings suit a batch of
 * small files: no UI, few shuffle partitions, UTC dates, strict-but-null date parsing, and Parquet
 * timestamps that other engines (DuckDB, Postgres loaders) read without conversion.
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession create(String master) {
        return create(master, S3Settings.none());
    }

    /**
     * The session of a run whose lake may be on S3: {@code s3}'s properties go into Spark's Hadoop configuration
     * ({@code spark.hadoop.fs.s3a.*}), which every executor receives, on a cluster too. No output committer is set:
     * the lake's tables are Iceberg tables, written in place and committed once to the catalog. A session already
     * running in this process gets the properties too (each write job ships the Hadoop configuration to its tasks).
     */
    public static SparkSession create(String master, S3Settings s3) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("bankdata")
                .master(master)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                // a pipeline run sets its own from the size of its inputs (org.bankdata.pipeline.ShufflePartitions)
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.default.parallelism", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.legacy.timeParserPolicy", "CORRECTED")
                .config("spark.sql.sources.partitionColumnTypeInference.enabled", "false")
                .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
                .config("spark.sql.files.openCostInBytes", "65536")
                .config("spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs", "false")
                .config("spark.hadoop.parquet.enable.summary-metadata", "false")
                .config("spark.sql.parquet.mergeSchema", "false")
                .config("spark.locality.wait", "0s")
                // adaptive execution runs every shuffle stage as a Spark job of its own: on tables of a few thousand rows
                // that is 115 jobs instead of 80 in a run on the bundled data, each with its own scheduling
                .config("spark.sql.adaptive.enabled", "false")
                // nullability is declared once (org.bankdata.catalog) and checked by the check step; Iceberg would
                // otherwise refuse Spark columns that merely may hold a null for a column declared not null
                .config("spark.sql.iceberg.check-nullability", "false");
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
        }
        Map<String, String> cloud = s3.isEmpty() ? Map.of() : s3.sparkProperties(master);
        cloud.forEach(builder::config);
        SparkSession session = builder.getOrCreate();
        session.conf().set("spark.sql.iceberg.check-nullability", "false");
        cloud.forEach((key, value) -> {
            if (key.startsWith("spark.hadoop.")) {
                session.sparkContext().hadoopConfiguration().set(key.substring("spark.hadoop.".length()), value);
            } else {
                session.conf().set(key, value);
            }
        });
        return session;
    }
}
