package org.bankdata;

import org.apache.spark.sql.SparkSession;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.SparkSettingsException;
import org.bankdata.spark.SparkSessions;

/**
 * The one SparkSession of the test JVM (local[2], UI off), created on first use and shared by every test. A test class
 * whose lake is on S3 asks for a session with its S3 settings ({@link #session(S3Settings)}); a session with other
 * settings is stopped first (one Spark context per process, its S3 settings fixed when it starts), and the next class
 * that asks for the shared session gets one without S3 settings again.
 */
public final class TestSpark {
    private static final String MASTER = "local[2]";

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        return session(S3Settings.none());
    }

    /** The session with exactly these S3 settings: the running one if it has them, else a new one. */
    public static synchronized SparkSession session(S3Settings s3) {
        try {
            return SparkSessions.create(MASTER, s3);
        } catch (SparkSettingsException otherSettings) {
            SparkSessions.stop();
            return SparkSessions.create(MASTER, s3);
        }
    }

    /** Stops the running session, so that a command run in this JVM starts (and stops) one with its own settings. */
    public static synchronized void stop() {
        SparkSessions.stop();
    }
}
