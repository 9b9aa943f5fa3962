package org.bankdata.cli;

/**
 * The Spark master of a command: under spark-submit (which sets {@code spark.master}) the submitted master
 * wins over the local default, so the same jar runs locally and on a cluster.
 */
final class SparkMasters {
    private SparkMasters() {
    }

    static String resolve(String option) {
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() && option.startsWith("local") ? submitted : option;
    }
}
