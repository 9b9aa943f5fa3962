package org.bankdata.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands of a DAG file written by {@code bankdata dag --format airflow} (the local target): each
 * BashOperator's {@code bash_command}, in the order of the file, with {@code {{ run_id }}} rendered as Airflow renders
 * it. Reads the generated file's own shape (its {@code SPARK_SUBMIT} and {@code LAKE} constants, one
 * {@code bash_command=SPARK_SUBMIT + "..." + LAKE} per task), not Python in general.
 */
record AirflowDagCommands(Map<String, String> tasks, List<List<String>> edges) {
    private static final Pattern CONSTANT = Pattern.compile("(?m)^(SPARK_SUBMIT|LAKE) = \"([^\"]*)\"$");
    private static final Pattern TASK = Pattern.compile(
            "task_id=\"(\\w+)\",\\s*bash_command=SPARK_SUBMIT \\+ \"([^\"]*)\" \\+ LAKE,");
    private static final Pattern EDGE = Pattern.compile("(?m)^\\s+(\\w+) >> (\\w+)$");

    static AirflowDagCommands read(Path file) throws IOException {
        String text = Files.readString(file);
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher c = CONSTANT.matcher(text);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        if (!constants.containsKey("SPARK_SUBMIT") || !constants.containsKey("LAKE")) {
            throw new AssertionError(file + " has no SPARK_SUBMIT or LAKE constant");
        }
        Map<String, String> tasks = new LinkedHashMap<>();
        Matcher t = TASK.matcher(text);
        while (t.find()) {
            tasks.put(t.group(1), constants.get("SPARK_SUBMIT") + t.group(2) + constants.get("LAKE"));
        }
        List<List<String>> edges = new ArrayList<>();
        Matcher e = EDGE.matcher(text);
        while (e.find()) {
            edges.add(List.of(e.group(1), e.group(2)));
        }
        return new AirflowDagCommands(tasks, List.copyOf(edges));
    }

    /** The commands in the order of the file, which must run every task after those it depends on. */
    List<String> commands(String runId) {
        List<String> order = new ArrayList<>(tasks.keySet());
        for (List<String> edge : edges) {
            if (order.indexOf(edge.get(0)) < 0 || order.indexOf(edge.get(0)) >= order.indexOf(edge.get(1))) {
                throw new AssertionError("the DAG file lists " + edge.get(1) + " before " + edge.get(0) + ", which it needs");
            }
        }
        if (edges.isEmpty()) {
            throw new AssertionError("the DAG file has no edges");
        }
        return tasks.values().stream().map(command -> command.replace("{{ run_id }}", runId)).toList();
    }
}
