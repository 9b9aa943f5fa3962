package org.bankdata.errors;

/**
 * A Spark session was asked for with settings that differ from those of the session already running in this process
 * (another Spark master, another lake's S3 settings): one process holds one Spark context, whose Hadoop settings are
 * fixed when it starts, so the work needs a process of its own.
 */
public final class SparkSettingsException extends BankdataException {
    public SparkSettingsException(String message) {
        super("SPARK_SETTINGS", false, 2, message, null);
    }
}
