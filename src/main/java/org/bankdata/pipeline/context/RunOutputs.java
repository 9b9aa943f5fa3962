package org.bankdata.pipeline.context;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.RawFile;

/**
 * The outputs of the tasks of one run that have finished (run now or reused from an earlier attempt),
 * merged into the run's view: its tables, landed files, quarantine counts, figures and warnings.
 * Thread-safe: tasks running side by side read it while the runner adds to it.
 */
public final class RunOutputs {
    private final Map<String, TaskOutputs> byTask = new LinkedHashMap<>();

    public synchronized void add(String task, TaskOutputs outputs) {
        byTask.put(task, outputs);
    }

    public synchronized Set<String> tasks() {
        return Set.copyOf(byTask.keySet());
    }

    public synchronized TaskOutputs of(String task) {
        return byTask.getOrDefault(task, TaskOutputs.NONE);
    }

    public synchronized Map<String, PublishedTable> tables() {
        Map<String, PublishedTable> tables = new LinkedHashMap<>();
        byTask.values().forEach(o -> mergeTables(tables, o.tables()));
        return tables;
    }

    public synchronized List<RawFile> landed() {
        List<RawFile> files = new ArrayList<>();
        byTask.values().forEach(o -> files.addAll(o.landed()));
        return files;
    }

    public synchronized Map<String, Long> quarantined() {
        Map<String, Long> counts = new LinkedHashMap<>();
        byTask.values().forEach(o -> o.quarantined().forEach((k, v) -> counts.merge(k, v, Long::sum)));
        return counts;
    }

    public synchronized Map<String, Long> outsideRange() {
        Map<String, Long> counts = new LinkedHashMap<>();
        byTask.values().forEach(o -> o.outsideRange().forEach((k, v) -> counts.merge(k, v, Long::sum)));
        return counts;
    }

    public synchronized Map<String, Long> carriedOver() {
        Map<String, Long> counts = new LinkedHashMap<>();
        byTask.values().forEach(o -> o.carriedOver().forEach((k, v) -> counts.merge(k, v, Long::sum)));
        return counts;
    }

    public synchronized Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        byTask.values().forEach(o -> facts.putAll(o.facts()));
        return facts;
    }

    public synchronized List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        byTask.values().forEach(o -> warnings.addAll(o.warnings()));
        return warnings;
    }

    /**
     * Adds {@code more} to {@code into}. A table several tasks of one run write parts of (quarantine, one part per
     * source) is one table: its row counts and the files of its parts add up (the publish step reads the whole table
     * from the run's branch head).
     */
    static void mergeTables(Map<String, PublishedTable> into, Map<String, PublishedTable> more) {
        more.forEach((name, table) -> into.merge(name, table, (a, b) -> a.path().equals(b.path()) && a.runId().equals(b.runId())
                ? new PublishedTable(name, a.path(), a.rows() + b.rows(), a.runId(), b.snapshotId(), union(a.files(), b.files()))
                : b));
    }

    private static List<String> union(List<String> a, List<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
