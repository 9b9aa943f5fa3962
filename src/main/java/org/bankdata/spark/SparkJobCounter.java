package org.bankdata.spark;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * Counts the Spark jobs a run starts, by job group (the runner gives each task its own): what each step costs in
 * Spark's scheduling, whatever the size of its data. Registered for one run, removed after it.
 */
public final class SparkJobCounter extends SparkListener implements AutoCloseable {
    private static final String JOB_GROUP = "spark.jobGroup.id";
    private final SparkContext spark;
    private final Map<String, AtomicInteger> byGroup = new ConcurrentHashMap<>();

    private SparkJobCounter(SparkContext spark) {
        this.spark = spark;
    }

    public static SparkJobCounter register(SparkContext spark) {
        SparkJobCounter counter = new SparkJobCounter(spark);
        spark.addSparkListener(counter);
        return counter;
    }

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String group = jobStart.properties() == null ? null : jobStart.properties().getProperty(JOB_GROUP);
        byGroup.computeIfAbsent(group == null ? "" : group, g -> new AtomicInteger()).incrementAndGet();
    }

    /** Jobs started so far per job group ({@code ""} for jobs outside any group), by group name. */
    public Map<String, Integer> jobsByGroup() {
        Map<String, Integer> counts = new TreeMap<>();
        byGroup.forEach((group, n) -> counts.put(group, n.get()));
        return counts;
    }

    @Override
    public void close() {
        spark.removeSparkListener(this);
    }
}
