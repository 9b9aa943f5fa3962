package org.bankdata;

import org.apache.spark.sql.SparkSession;
import org.bankdata.spark.SparkSessions;

/** The one SparkSession of the test JVM (local[2], UI off), created on first use and shared by every test. */
public final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create("local[2]");
        }
        return session;
    }
}
