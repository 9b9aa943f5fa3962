package org.bankdata;

import org.apache.spark.sql.SparkSession;
import org.bankdata.spark.SparkSessions;

/**
 * The one SparkSession of the test JVM (local[2], UI off), created on first use and shared by every test. A run of
 * many classes starts it on a thread of its own as soon as the run begins ({@link #startInBackground}, from
 * {@link org.bankdata.testing.EarlySparkStart}), so that its start (seconds of class loading) overlaps the classes
 * that need no Spark; a test that asks for it before it is up waits for it.
 */
public final class TestSpark {
    private static SparkSession session;
    private static Thread starting;

    private TestSpark() {
    }

    public static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSessions.create("local[2]");
        }
        return session;
    }

    /**
     * Starts the session on a daemon thread and returns at once. If that start fails, the failure is not lost: the
     * first test that asks for the session starts it again and fails with the cause.
     */
    public static synchronized void startInBackground() {
        if (session != null || starting != null) {
            return;
        }
        starting = new Thread(() -> {
            try {
                session();
            } catch (RuntimeException | Error e) {
                // left to the first test that needs the session: it starts it again and reports the cause
            }
        }, "test-spark-start");
        starting.setDaemon(true);
        starting.start();
    }

    /** Waits until a start begun by {@link #startInBackground} has ended (at once if none was begun). */
    public static void awaitBackgroundStart() throws InterruptedException {
        Thread thread;
        synchronized (TestSpark.class) {
            thread = starting;
        }
        if (thread != null) {
            thread.join();
        }
    }
}
