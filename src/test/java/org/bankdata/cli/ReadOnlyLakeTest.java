package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.bankdata.ReadOnlyMount;
import org.bankdata.history.RecordedTasks;
import org.bankdata.history.RunHistory;
import org.bankdata.history.TaskRun;
import org.bankdata.lake.LakeLayout;
import org.bankdata.query.TinyLake;
import org.bankdata.serve.DashboardServer;
import org.bankdata.serve.ServeConfig;
import org.bankdata.history.RunState;
import org.bankdata.history.TaskState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake on a read-only mount (a published lake and its run history, as a run leaves them): reading verbs
 * and the dashboard's runs API work, writing verbs say the lake is not writable. Skipped where the test
 * may not mount (it needs root with CAP_SYS_ADMIN; as root, chmod would deny nothing).
 */
@Timeout(90)
class ReadOnlyLakeTest {
    @TempDir
    Path dir;

    @Test
    void readingVerbsWorkAndWritingVerbsSayTheLakeIsNotWritable() throws Exception {
        Path lake = dir.resolve("lake");
        LakeLayout layout = TinyLake.publish(lake);
        Instant started = Instant.parse("2026-11-24T04:00:00Z");
        try (RunHistory history = RunHistory.open(layout)) {
            history.createRun("r-ro", RunState.RUNNING, started, "{}", "h", "run");
            RecordedTasks.save(history, new TaskRun("r-ro", "extract_banks", TaskState.SUCCEEDED, 1, started, started.plusSeconds(2), 10L,
                    10L, null, null));
            history.finishRun("r-ro", RunState.SUCCEEDED, started.plusSeconds(3), null);
        }
        assertThat(lake.resolve("runs/history.db-shm")).as("closed cleanly: no shared-memory file left").doesNotExist();

        Optional<ReadOnlyMount> readOnly = ReadOnlyMount.of(lake);
        assumeTrue(readOnly.isPresent(), "cannot mount read-only here (needs root with CAP_SYS_ADMIN)");
        try (ReadOnlyMount mounted = readOnly.get()) {
            InProcessCli.Result runs = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
            assertThat(runs.exit()).as(runs.err()).isZero();
            assertThat(runs.out()).contains("r-ro,succeeded,2026-11-24T04:00:00Z,3.0,run,1");

            InProcessCli.Result show = InProcessCli.bankdata("runs", "show", "r-ro", "--lake", lake.toString(), "--format", "csv");
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains("extract_banks,succeeded,1,2.00,10,10");

            InProcessCli.Result run = InProcessCli.bankdata("run", "--lake", lake.toString(), "--quiet");
            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("error: lake " + lake + " is not writable (read-only file system or no permission):"
                    + " choose a writable --lake\n");

            try (DashboardServer server = DashboardServer.start(ServeConfig.local(layout, 0))) {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.url() + "api/runs")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                assertThat(answer.body()).contains("\"runId\":\"r-ro\"").contains("extract_banks");
            }
            assertThat(Files.exists(lake.resolve("runs/history.db-shm"))).isFalse();
        }
    }
}
