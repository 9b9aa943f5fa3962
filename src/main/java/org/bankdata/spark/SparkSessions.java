package org.bankdata.spark;

import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.SparkSettingsException;
import org.bankdata.lake.ForklessLocalFileSystem;
import scala.Tuple2;

/**
 * Builds the one SparkSession a process uses. Spark's defaults suit clusters; these settings suit a batch of
 * small files: no UI, few shuffle partitions, UTC dates, strict-but-null date parsing, and Parquet
 * timestamps that other engines (DuckDB, Postgres loaders) read without conversion.
 * <p>
 * One session per lake configuration: asked again with the settings the running session was started with (its
 * master, its S3 settings, as its {@link SparkConf} keeps them), the running session is returned; asked with other
 * settings, it is an error naming the setting that differs, never a silent change. The S3 settings are Hadoop
 * settings, fixed per Spark context when it starts and shipped with every job, and a process holds one context: a
 * second lake with other S3 settings cannot share it, and stopping it under the work already using it is not safe.
 * Any {@code local[...]} master is served by a running local session (the thread count is a sizing, not a place).
 */
public final class SparkSessions {
    private static final String S3_PREFIX = "spark.hadoop.fs.s3a.";

    private SparkSessions() {
    }

    public static SparkSession create(String master) {
        return create(master, S3Settings.none());
    }

    /**
     * The session of a run whose lake may be on S3: {@code s3}'s properties go into Spark's Hadoop configuration
     * ({@code spark.hadoop.fs.s3a.*}), which every executor receives, on a cluster too. No output committer is set:
     * the lake's tables are Iceberg tables, written in place and committed once to the catalog.
     *
     * @throws SparkSettingsException when a session with another master or other S3 settings is running
     */
    public static synchronized SparkSession create(String master, S3Settings s3) {
        Map<String, String> cloud = s3.isEmpty() ? Map.of() : s3.sparkProperties(master);
        Optional<SparkSession> running = running();
        if (running.isPresent()) {
            requireSame(running.get().sparkContext().getConf(), master, cloud);
            return running.get();
        }
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
                // a read of listed files (the fee pages: one file each) checks them from the driver up to a thousand
                // files, where Spark's default ran a listing job of one task per file above 32 (the bundled run's 67
                // pages: 67 tasks, 0.6 s of a warm run); above that, a listing job of at most 32 tasks
                .config("spark.sql.sources.parallelPartitionDiscovery.threshold", "1000")
                .config("spark.sql.sources.parallelPartitionDiscovery.parallelism", "32")
                // adaptive execution runs every shuffle stage as a Spark job of its own: on tables of a few thousand rows
                // that is 115 jobs instead of 80 in a run on the bundled data, each with its own scheduling
                .config("spark.sql.adaptive.enabled", "false")
                // nullability is declared once (org.bankdata.catalog) and checked by the check step; Iceberg would
                // otherwise refuse Spark columns that merely may hold a null for a column declared not null
                .config("spark.sql.iceberg.check-nullability", "false")
                // Spark's own list of settings whose values the UI, the event log and the SQL events mask, plus
                // "credential": a REST catalog's OAuth2 client secret is spark.sql.catalog.<name>.credential
                .config("spark.redaction.regex", "(?i)secret|password|token|access[.]key|credential");
        if (master.startsWith("local")) {
            builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
            // file: paths without a chmod process per file written (org.bankdata.lake.ForklessLocalFileSystem); in this
            // JVM only: a cluster's executors resolve fs.file.impl with Hadoop's class loader, which does not see the
            // application jar Spark ships to them (ClassNotFoundException on their first local file, e.g. a spill)
            ForklessLocalFileSystem.SETTINGS.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        }
        cloud.forEach(builder::config);
        return builder.getOrCreate();
    }

    /** Stops the session running in this process, if any; the next {@link #create} starts one with its own settings. */
    public static synchronized void stop() {
        running().ifPresent(SparkSession::stop);
        SparkSession.clearDefaultSession();
        SparkSession.clearActiveSession();
    }

    private static Optional<SparkSession> running() {
        Optional<SparkSession> session = Optional.ofNullable(SparkSession.getDefaultSession().getOrElse(() -> null));
        return session.filter(s -> !s.sparkContext().isStopped());
    }

    /** Fails naming the first setting of {@code master} and {@code cloud} that the running context was not started with. */
    private static void requireSame(SparkConf conf, String master, Map<String, String> cloud) {
        String runningMaster = conf.get("spark.master", "");
        boolean bothLocal = runningMaster.startsWith("local") && master.startsWith("local");
        if (!bothLocal && !runningMaster.equals(master)) {
            throw new SparkSettingsException("this process already runs Spark on master " + runningMaster + "; work on "
                    + master + " needs a process of its own");
        }
        TreeSet<String> keys = new TreeSet<>(cloud.keySet());
        for (Tuple2<String, String> setting : conf.getAllWithPrefix(S3_PREFIX)) {
            keys.add(S3_PREFIX + setting._1());
        }
        for (String key : keys) {
            String running = conf.getOption(key).getOrElse(() -> null);
            if (running == null || !running.equals(cloud.get(key))) {
                String setting = key.substring("spark.hadoop.".length());
                throw new SparkSettingsException("this process already runs Spark with other S3 settings than this lake's ("
                        + setting + (running == null ? " is not set in the running session" : cloud.containsKey(key)
                        ? " differs" : " is set in the running session but not for this lake")
                        + "); one process serves one lake configuration: run this command in a process of its own");
            }
        }
    }
}
