package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.bankdata.pipeline.context.TaskResult;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RunConfig;
import org.bankdata.errors.BadInputException;
import org.bankdata.errors.SourceUnavailableException;
import org.bankdata.history.RunHistory;
import org.bankdata.history.TaskRun;
import org.bankdata.lake.LakeLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.history.RunState;

/**
 * The runner's retry, timeout and failure rules on the real graph with scripted tasks (no Spark): faults
 * are injected through the task factory seam, backoffs are shortened by policy, so every test is
 * deterministic and takes well under a second or two.
 */
@Timeout(30)
class PipelineRunnerTest {
    private static final TaskPolicy FAST = new TaskPolicy(3, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(5));

    @TempDir
    Path lake;

    private RunHistory history;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @BeforeEach
    void openHistory() {
        history = RunHistory.open(new LakeLayout(lake));
        history.createRun("r1", RunState.RUNNING, java.time.Instant.now(), "{}", "h", "run");
    }

    @AfterEach
    void closeHistory() {
        history.close();
    }

    private static PipelineGraph fastGraph() {
        PipelineGraph graph = PipelineDefinition.graph();
        for (String task : graph.names()) {
            graph = graph.withPolicy(task, p -> FAST);
        }
        return graph;
    }

    /** Every task succeeds at once and writes nothing, except those {@code faults} script. */
    private PipelineRunner runner(PipelineGraph graph, Map<String, PipelineTask> faults) {
        return new PipelineRunner(graph, name -> context -> {
            calls.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            PipelineTask fault = faults.get(name);
            return fault == null ? TaskResult.rows(1) : fault.run(context);
        }, Progress.quiet(), 2);
    }

    private RunContext context() {
        RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(), BundledData.feeResponses(),
                lake, "local[1]");
        return new RunContext(config, null, "r1");
    }

    private RunSummary runAll(PipelineRunner runner) {
        return runner.run(context(), Map.of(), Set.copyOf(PipelineDefinition.graph().names()), history);
    }

    private TaskRun recorded(String task) {
        return history.tasks("r1").stream().filter(t -> t.task().equals(task)).findFirst().orElseThrow();
    }

    /**
     * A run sets the session's shuffle partitions from the size of its inputs, whoever runs it (here the runner alone,
     * without the launcher), and gives the session's own setting back when it ends.
     */
    @Test
    void aRunsTasksSeeTheShufflePartitionsOfItsInputsAndTheSessionGetsItsOwnBack() {
        var spark = TestSpark.session();
        String before = spark.conf().get(ShufflePartitions.SETTING);
        spark.conf().set(ShufflePartitions.SETTING, "3");
        try {
            Map<String, String> seen = new ConcurrentHashMap<>();
            PipelineRunner runner = new PipelineRunner(fastGraph(), name -> context -> {
                seen.put(name, context.spark().conf().get(ShufflePartitions.SETTING));
                return TaskResult.rows(1);
            }, Progress.quiet(), 2);
            RunConfig config = new RunConfig(BundledData.complaints(), BundledData.bankList(), FeesApiConfig.defaults(),
                    BundledData.feeResponses(), lake, "local[2]");
            RunSummary summary = runner.run(new RunContext(config, spark, "r1"), Map.of(),
                    Set.copyOf(PipelineDefinition.graph().names()), history);

            assertThat(summary.succeeded()).isTrue();
            // the bundled ranking files and bank list: well under 8 MB, so one partition
            assertThat(bundledInputBytes()).isLessThan(8L << 20);
            assertThat(seen).hasSize(PipelineDefinition.graph().names().size()).containsOnlyKeys(PipelineDefinition.graph().names())
                    .allSatisfy((task, partitions) -> assertThat(partitions).as(task).isEqualTo("1"));
            assertThat(spark.conf().get(ShufflePartitions.SETTING)).isEqualTo("3");
        } finally {
            spark.conf().set(ShufflePartitions.SETTING, before);
        }
    }

    private static long bundledInputBytes() {
        try (var files = Files.list(BundledData.complaints())) {
            long bytes = Files.size(BundledData.bankList());
            for (Path file : files.toList()) {
                bytes += Files.size(file);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aTaskFailingTwiceThenSucceedingIsRetriedAndTheRunSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        RunSummary summary = runAll(runner(fastGraph(), Map.of("extract_fees", c -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new SourceUnavailableException("fees API unreachable (attempt " + attempts.get() + ")", null);
            }
            return TaskResult.rows(7);
        })));

        assertThat(summary.succeeded()).isTrue();
        assertThat(recorded("extract_fees")).satisfies(t -> {
            assertThat(t.state().text()).isEqualTo("succeeded");
            assertThat(t.attempts()).isEqualTo(3);
            assertThat(t.rowsOut()).isEqualTo(7);
        });
        assertThat(history.tasks("r1")).extracting(s -> s.state().text()).containsOnly("succeeded");
        assertThat(calls.get("publish").get()).isEqualTo(1);
    }

    @Test
    void aTaskThatAlwaysFailsMarksItsDownstreamUpstreamFailedWhileTheIndependentBranchFinishes() {
        assertThatThrownBy(() -> runAll(runner(fastGraph(), Map.of("extract_fees", c -> {
            throw new SourceUnavailableException("fees API unreachable", null);
        })))).isInstanceOf(PipelineFailedException.class).hasMessageContaining("extract_fees")
                .hasMessageContaining("fees API unreachable");

        assertThat(recorded("extract_fees").state().text()).isEqualTo("failed");
        assertThat(recorded("extract_fees").attempts()).isEqualTo(3);
        assertThat(recorded("extract_fees").error()).contains("fees API unreachable");
        for (String downstream : List.of("build_dimensions", "build_facts", "build_charts", "check", "publish")) {
            assertThat(recorded(downstream).state().text()).as(downstream).isEqualTo("upstream_failed");
            assertThat(calls).as(downstream).doesNotContainKey(downstream);
        }
        assertThat(recorded("extract_banks").state().text()).isEqualTo("succeeded");
        assertThat(recorded("extract_complaints").state().text()).isEqualTo("succeeded");
    }

    @Test
    void aNonRetriableErrorIsNotRetried() {
        assertThatThrownBy(() -> runAll(runner(fastGraph(), Map.of("extract_complaints", c -> {
            throw new BadInputException("2021_tri_01.csv is not a BCB complaints-ranking file");
        })))).isInstanceOf(PipelineFailedException.class);

        assertThat(recorded("extract_complaints").attempts()).isEqualTo(1);
        assertThat(calls.get("extract_complaints").get()).isEqualTo(1);
        assertThat(recorded("extract_fees").state().text()).isEqualTo("upstream_failed");
    }

    @Test
    void aHangingTaskTimesOutIsRetriedThenFails() {
        PipelineGraph graph = fastGraph().withPolicy("build_facts", p -> p.withTimeout(Duration.ofMillis(200)));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> runAll(runner(graph, Map.of("build_facts", c -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TaskResult.rows(0);
        })))).isInstanceOf(PipelineFailedException.class).hasMessageContaining("build_facts")
                .hasMessageContaining("timeout of 200 ms");
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(recorded("build_facts").state().text()).isEqualTo("timed_out");
        assertThat(recorded("build_facts").attempts()).isEqualTo(3);
        assertThat(calls.get("build_facts").get()).isEqualTo(3);
        assertThat(recorded("build_dimensions").state().text()).isEqualTo("succeeded");
        assertThat(recorded("publish").state().text()).isEqualTo("upstream_failed");
        assertThat(seconds).isLessThan(10);
    }

    @Test
    void independentTasksRunSideBySide() throws Exception {
        CountDownLatch extracts = new CountDownLatch(2);
        CountDownLatch star = new CountDownLatch(2);
        // the two extracts read nothing of the run (the conformance after both reads their tables); the star's
        // dimensions and facts are the other independent pair
        RunSummary summary = runAll(runner(fastGraph(), Map.of("extract_complaints", meet(extracts), "extract_banks",
                meet(extracts), "build_dimensions", meet(star), "build_facts", meet(star))));

        assertThat(summary.tasks()).filteredOn(t -> List.of("extract_complaints", "extract_banks", "build_dimensions",
                "build_facts").contains(t.task())).extracting(TaskOutcome::rows).containsExactly(1L, 1L, 1L, 1L);
    }

    /** A task that returns 1 row only when the other task counting down {@code both} runs at the same time. */
    private static PipelineTask meet(CountDownLatch both) {
        return c -> {
            both.countDown();
            try {
                return TaskResult.rows(both.await(5, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void backoffDoublesUpToItsCap() {
        TaskPolicy policy = new TaskPolicy(6, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(1));
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(policy::backoffAfter).map(Duration::toSeconds).toList())
                .containsExactly(2L, 4L, 8L, 10L, 10L);
    }

    @Test
    void aTasksRowsWrittenAreItsRowsOutAndItsFiguresReachTheSummaryAndTheStoredOutputs() {
        org.bankdata.pipeline.context.TaskFigures figures = () -> Map.of("fees_requests", 12L);
        RunSummary summary = runAll(runner(fastGraph(), Map.of("extract_fees", c -> new TaskResult(42, figures))));

        assertThat(recorded("extract_fees").rowsOut()).isEqualTo(42);
        assertThat(summary.tasks()).filteredOn(t -> t.task().equals("extract_fees")).extracting(TaskOutcome::rows)
                .containsExactly(42L);
        assertThat(summary.facts()).containsEntry("fees_requests", 12L);
        assertThat(recorded("extract_fees").outputsJson()).contains("fees_requests");
    }
}
