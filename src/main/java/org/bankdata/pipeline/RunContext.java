package org.bankdata.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bankdata.config.RunConfig;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.RawLanding;

/**
 * What the tasks of one run share: the configuration, the one SparkSession, the lake, the raw landing
 * and the run's tables, plus the counts and warnings that end up in the run summary.
 */
public final class RunContext {
    private final RunConfig config;
    private final SparkSession spark;
    private final LakeLayout layout;
    private final String runId;
    private final RawLanding landing;
    private final TableStore tables;
    private final Map<String, Long> quarantined = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final Progress progress;

    public RunContext(RunConfig config, SparkSession spark, String runId) {
        this(config, spark, runId, Progress.quiet());
    }

    public RunContext(RunConfig config, SparkSession spark, String runId, Progress progress) {
        this.progress = progress;
        this.config = config;
        this.spark = spark;
        this.layout = new LakeLayout(config.lake());
        this.runId = runId;
        this.landing = new RawLanding(layout, runId);
        this.tables = new TableStore(spark, layout, runId);
    }

    public RunConfig config() {
        return config;
    }

    public SparkSession spark() {
        return spark;
    }

    public LakeLayout layout() {
        return layout;
    }

    public String runId() {
        return runId;
    }

    /** Where tasks report progress (stderr; silent with --quiet). */
    public Progress progress() {
        return progress;
    }

    public RawLanding landing() {
        return landing;
    }

    public TableStore tables() {
        return tables;
    }

    public synchronized void recordQuarantined(String source, long rows) {
        quarantined.merge(source, rows, Long::sum);
    }

    public synchronized Map<String, Long> quarantined() {
        return Map.copyOf(quarantined);
    }

    /** A figure worth reporting in the run summary (e.g. API requests made). */
    public synchronized void recordFact(String name, Object value) {
        facts.put(name, value);
    }

    public synchronized Map<String, Object> facts() {
        return new LinkedHashMap<>(facts);
    }

    public synchronized void warn(String message) {
        warnings.add(message);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }
}
