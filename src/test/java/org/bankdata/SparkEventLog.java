package org.bankdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Spark itself recorded about applications in an event log folder ({@code spark.eventLog.dir}): which
 * executors were added on which worker, and which executor ran each task. Tests use it to show where work ran
 * instead of assuming it.
 */
public final class SparkEventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A task that finished, with the executor that ran it. */
    public record Task(int stageId, String executorId, String reason) {
    }

    private final Map<String, String> workerOfExecutor = new HashMap<>();
    private final Map<Integer, String> stageNames = new HashMap<>();
    private final List<Task> tasks = new java.util.ArrayList<>();

    private SparkEventLog() {
    }

    /** Reads every application's log in {@code dir}. */
    public static SparkEventLog read(Path dir) {
        SparkEventLog log = new SparkEventLog();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try (BufferedReader reader = Files.newBufferedReader(file)) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.isBlank()) {
                            log.add(JSON.readTree(line));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return log;
    }

    private void add(JsonNode event) {
        switch (event.path("Event").asText()) {
            case "SparkListenerExecutorAdded" -> {
                // a standalone executor's log URLs point at the web UI of the worker that launched it
                String stdout = event.path("Executor Info").path("Log Urls").path("stdout").asText("");
                String worker = stdout.isEmpty() ? event.path("Executor Info").path("Host").asText()
                        : URI.create(stdout).getAuthority();
                workerOfExecutor.put(event.path("Executor ID").asText(), worker);
            }
            case "SparkListenerStageSubmitted", "SparkListenerStageCompleted" -> stageNames.put(
                    event.path("Stage Info").path("Stage ID").asInt(), event.path("Stage Info").path("Stage Name").asText());
            case "SparkListenerTaskEnd" -> tasks.add(new Task(event.path("Stage ID").asInt(),
                    event.path("Task Info").path("Executor ID").asText(), event.path("Task End Reason").path("Reason").asText()));
            default -> {
            }
        }
    }

    /** Successful tasks per worker (the worker's web UI address), as Spark recorded them. */
    public Map<String, Long> successfulTasksByWorker() {
        Map<String, Long> byWorker = new TreeMap<>();
        for (Task task : tasks) {
            if ("Success".equals(task.reason())) {
                byWorker.merge(workerOfExecutor.getOrDefault(task.executorId(), "driver:" + task.executorId()), 1L, Long::sum);
            }
        }
        return byWorker;
    }

    /** The workers that launched executors for the logged applications. */
    public java.util.Set<String> workers() {
        return new java.util.TreeSet<>(workerOfExecutor.values());
    }

    public List<Task> tasks() {
        return List.copyOf(tasks);
    }

    public String stageName(int stageId) {
        return stageNames.getOrDefault(stageId, "");
    }
}
