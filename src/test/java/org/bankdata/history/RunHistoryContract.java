package org.bankdata.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.bankdata.errors.LakeException;
import org.bankdata.errors.RunStateException;
import org.junit.jupiter.api.Test;

/**
 * What {@link RunHistory} and {@link RunHistoryReader} promise, whatever database keeps the history: each
 * database's test opens a fresh lake's history per test ({@link #open}) and inherits these tests.
 */
abstract class RunHistoryContract {
    static final Instant T0 = Instant.now().minusSeconds(3600);
    private static final AtomicInteger LAKES = new AtomicInteger();

    /** The history of lake {@code lake} (a name unique to the test), created on first use. */
    abstract HistoryLocation location(String lake);

    /** A lake name no other test uses. */
    String freshLake() {
        return "/data/lakes/lake-" + getClass().getSimpleName() + "-" + LAKES.incrementAndGet();
    }

    RunHistory open(String lake) {
        return RunHistory.open(location(lake), lake);
    }

    RunHistoryReader reader(String lake, Predicate<String> leaseHeld) {
        return new RunHistoryReader(location(lake), lake, leaseHeld);
    }

    /** An error, warning or task error quoting a password keeps it out of the store and of what reads it. */
    @Test
    void aPasswordInAnErrorOrWarningIsStoredAndReadMasked() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("r1", RunState.RUNNING, T0, "{}", "h", "run");
            RecordedTasks.save(history, new TaskRun("r1", "publish", TaskState.FAILED, 1, T0, T0.plusSeconds(1), null, null,
                    "cannot reach jdbc:postgresql://keeper:hunter2@db/x", null));
            history.finishRun("r1", RunState.SUCCEEDED, T0.plusSeconds(2), null,
                    List.of("--sink failed at jdbc:postgresql://db/x?user=u&password=hunter2&ssl=true"));
            history.addWarning("r1", "PGPASSWORD=hunter2 was refused");

            assertThat(history.run("r1").orElseThrow().warnings()).containsExactly(
                    "--sink failed at jdbc:postgresql://db/x?user=u&password=***&ssl=true", "PGPASSWORD=*** was refused");
            assertThat(history.tasks("r1")).singleElement().extracting(TaskRun::error)
                    .isEqualTo("cannot reach jdbc:postgresql://keeper:***@db/x");
        }
        RunHistoryReader.Run shown = reader(lake, holder -> false).recent(5).orElseThrow().get(0);
        assertThat(shown.warnings().toString() + shown.tasks().get(0).error()).doesNotContain("hunter2").contains("***");
    }

    /** Two processes (two connections) changing one run: each change is a compare-and-set on the state it read. */
    @Test
    void stateChangesAreCompareAndSetAndTaskTransitionsAreEnforcedOnWrite() {
        String lake = freshLake();
        try (RunHistory a = open(lake); RunHistory b = open(lake)) {
            a.createRun("r", RunState.RUNNING, T0, "{}", "h", "job");
            assertThat(b.createRunIfAbsent("r", RunState.RUNNING, T0.plusSeconds(1), "{}", "h2", "job"))
                    .as("the first job of the same run on a second host").isFalse();
            assertThat(a.run("r").orElseThrow().paramsHash()).isEqualTo("h");
            assertThatThrownBy(() -> b.createRun("r", RunState.RUNNING, T0, "{}", "h", "job"))
                    .isInstanceOf(RunStateException.class).hasMessageStartingWith("run r is already recorded in ");

            a.finishRun("r", RunState.FAILED, T0.plusSeconds(2), "first");
            assertThatThrownBy(() -> b.finishRun("r", RunState.SUCCEEDED, T0.plusSeconds(3), null))
                    .isInstanceOf(RunStateException.class).hasMessage("run r is failed and cannot become succeeded");
            assertThatThrownBy(() -> b.finishRun("r", RunState.FAILED, T0.plusSeconds(3), "second"))
                    .isInstanceOf(RunStateException.class).hasMessage("run r is failed and cannot become failed");
            assertThat(b.markInterrupted(T0.plusSeconds(4), holder -> false)).as("an ended run is not interrupted").isEmpty();
            assertThat(a.run("r").orElseThrow().error()).isEqualTo("first");
            assertThat(b.amendFailure("r", T0.plusSeconds(5), "first, explained")).isTrue();
            assertThat(a.run("r").orElseThrow().error()).isEqualTo("first, explained");

            // two jobs of the failed run start at once: one of them sets it running, one attempt more
            assertThat(a.restartRunUnlessRunning("r")).isTrue();
            assertThat(b.restartRunUnlessRunning("r")).isFalse();
            assertThat(b.run("r").orElseThrow().attempts()).isEqualTo(2);
            assertThat(b.amendFailure("r", T0.plusSeconds(6), "late")).as("only a failed run's failure").isFalse();
            assertThatThrownBy(() -> b.restartRun("r")).isInstanceOf(RunStateException.class)
                    .hasMessage("run r is running already: another process resumed it");

            TaskRun ended = new TaskRun("r", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0.plusSeconds(7), 1L, 1L, null, "{}");
            assertThatThrownBy(() -> a.saveTask(ended)).isInstanceOf(RunStateException.class)
                    .hasMessageStartingWith("task extract_banks of run r cannot start succeeded");
            a.saveTask(new TaskRun("r", "extract_banks", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            a.saveTask(ended);
            assertThatThrownBy(() -> b.saveTask(new TaskRun("r", "extract_banks", TaskState.FAILED, 1, T0, T0, null, null,
                    "late", null))).isInstanceOf(RunStateException.class)
                    .hasMessage("task extract_banks of run r is succeeded and cannot become failed");
            assertThatThrownBy(() -> b.setTaskState("r", "extract_banks", TaskState.NOT_RUN)).isInstanceOf(RunStateException.class)
                    .hasMessage("task extract_banks of run r is succeeded and cannot become not_run");
            b.setTaskState("r", "extract_banks", TaskState.REUSED);
            assertThat(a.tasks("r")).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo(TaskState.REUSED);
                assertThat(t.rowsOut()).isEqualTo(1L);
            });
        }
    }

    @Test
    void recordsARunItsTasksAttemptsRowsAndParametersAsGiven() {
        String lake = freshLake();
        // a stored RunConfig as runs keep it: nested, with non-ASCII text and numbers, read back byte for byte
        String params = "{\"format\":2,\"config\":{\"complaintsDir\":\"/dados/reclamações\",\"feesApi\":{\"pageSize\":100,"
                + "\"personTypes\":[\"J\"]},\"maxQuarantined\":{\"rows\":5,\"percent\":1}},\"from\":\"2020Q1\",\"to\":null}";
        try (RunHistory history = open(lake)) {
            history.createRun("r1", RunState.RUNNING, T0, params, "0123456789abcdef", "run");
            RecordedTasks.save(history, new TaskRun("r1", "extract_banks", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            RecordedTasks.save(history, new TaskRun("r1", "extract_complaints", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            RecordedTasks.save(history, new TaskRun("r1", "extract_banks", TaskState.SUCCEEDED, 2, T0, T0.plusMillis(1500), 10L,
                    9_000_000_000L, null, "{\"tables\":{}}"));
            RecordedTasks.save(history, new TaskRun("r1", "extract_complaints", TaskState.FAILED, 3, T0, T0.plusSeconds(4), null, null,
                    "bad input: x.csv:3", null));
            history.finishRun("r1", RunState.FAILED, T0.plusSeconds(5), "extract_complaints failed");

            RunRecord run = history.run("r1").orElseThrow();
            assertThat(run.paramsJson()).isEqualTo(params);
            assertThat(run.paramsHash()).isEqualTo("0123456789abcdef");
            assertThat(run.state()).isEqualTo(RunState.FAILED);
            assertThat(run.startedAt()).isEqualTo(T0);
            assertThat(run.endedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(run.driver()).isEqualTo("run");
            assertThat(run.attempts()).isEqualTo(1);
            assertThat(run.error()).isEqualTo("extract_complaints failed");
            // tasks in the order they were first recorded, an update keeping the task's place
            List<TaskRun> tasks = history.tasks("r1");
            assertThat(tasks).extracting(TaskRun::task).containsExactly("extract_banks", "extract_complaints");
            assertThat(tasks.get(0).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(tasks.get(0).attempts()).isEqualTo(2);
            assertThat(tasks.get(0).seconds()).isEqualTo(1.5);
            assertThat(tasks.get(0).rowsIn()).isEqualTo(10L);
            assertThat(tasks.get(0).rowsOut()).as("beyond 32 bits").isEqualTo(9_000_000_000L);
            assertThat(tasks.get(0).outputsJson()).isEqualTo("{\"tables\":{}}");
            assertThat(tasks.get(1).rowsIn()).isNull();
            assertThat(tasks.get(1).error()).isEqualTo("bad input: x.csv:3");
            assertThat(history.run("nope")).isEmpty();
        }
    }

    @Test
    void aResumeRestartsTheRunOneAttemptMoreWithoutItsEarlierWarnings() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
            history.finishRun("r", RunState.FAILED, T0.plusSeconds(1), "boom", List.of("a file contains no rows"));
            assertThat(history.run("r").orElseThrow().warnings()).containsExactly("a file contains no rows");
            history.restartRun("r");
            RunRecord again = history.run("r").orElseThrow();
            assertThat(again.state()).isEqualTo(RunState.RUNNING);
            assertThat(again.attempts()).isEqualTo(2);
            assertThat(again.warnings()).isEmpty();
            assertThat(again.endedAt()).isNull();
            assertThat(again.error()).isNull();
            assertThatThrownBy(() -> history.setTaskState("r", "missing", TaskState.REUSED)).isInstanceOf(RunStateException.class)
                    .hasMessageContaining("run r has no task missing");
            assertThatThrownBy(() -> history.createRun("s", RunState.SUCCEEDED, T0, "{}", "h", "run"))
                    .isInstanceOf(RunStateException.class);
            history.finishRun("r", RunState.SUCCEEDED, T0.plusSeconds(9), null, List.of("2 rows quarantined", "ü"));
            assertThat(history.run("r").orElseThrow().displayState()).isEqualTo("succeeded_with_warnings");
            assertThat(history.run("r").orElseThrow().warnings()).containsExactly("2 rows quarantined", "ü");
            history.createRun("same", RunState.SKIPPED, T0, "{}", "h", "run");
            assertThatThrownBy(() -> history.restartRun("same")).isInstanceOf(RunStateException.class)
                    .hasMessageContaining("run same is skipped and cannot become running");
        }
    }

    @Test
    void aWarningAddedAfterTheEndKeepsTheStateAndShowsTheRunSucceededWithWarnings() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
            assertThatThrownBy(() -> history.addWarning("r", "--sink failed: x")).isInstanceOf(RunStateException.class);
            history.finishRun("r", RunState.SUCCEEDED, T0.plusSeconds(1), null);
            assertThat(history.run("r").orElseThrow().displayState()).isEqualTo("succeeded");

            history.addWarning("r", "--sink failed: Postgres at h:5432/db asks user u for a password");

            RunRecord after = history.run("r").orElseThrow();
            assertThat(after.state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(after.displayState()).isEqualTo("succeeded_with_warnings");
            assertThat(after.warnings()).containsExactly("--sink failed: Postgres at h:5432/db asks user u for a password");
            assertThat(after.endedAt()).isEqualTo(T0.plusSeconds(1));
        }
    }

    @Test
    void theBaseOfARunIsNullUntilRecordedThenEmptyOrARunId() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("a", RunState.RUNNING, T0, "{}", "h", "job");
            assertThat(history.run("a").orElseThrow().baseRunId()).isNull();
            history.setBase("a", "");
            assertThat(history.run("a").orElseThrow().baseRunId()).isEmpty();
            history.setBase("a", "20261128T230000Z-77aa");
            assertThat(history.run("a").orElseThrow().baseRunId()).isEqualTo("20261128T230000Z-77aa");
            assertThat(history.run("a").orElseThrow().driver()).isEqualTo("job");
        }
    }

    @Test
    void recentRunsNewestFirstAndTheLatestSucceededOneSkippedRunsLeftOut() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("old", RunState.RUNNING, T0, "{}", "h1", "run");
            history.finishRun("old", RunState.SUCCEEDED, T0.plusSeconds(1), null);
            history.createRun("ok", RunState.RUNNING, T0.plusSeconds(10), "{}", "h2", "run");
            history.finishRun("ok", RunState.SUCCEEDED, T0.plusSeconds(11), null);
            history.createRun("skip", RunState.SKIPPED, T0.plusSeconds(20), "{}", "h2", "run");
            history.createRun("bad", RunState.RUNNING, T0.plusSeconds(30), "{}", "h3", "run");
            history.finishRun("bad", RunState.FAILED, T0.plusSeconds(31), "x");

            assertThat(history.runs(10)).extracting(RunRecord::runId).containsExactly("bad", "skip", "ok", "old");
            assertThat(history.runs(2)).extracting(RunRecord::runId).containsExactly("bad", "skip");
            assertThat(history.latestSucceeded()).map(RunRecord::runId).contains("ok");
            assertThat(history.latestSucceeded()).map(RunRecord::paramsHash).contains("h2");
            assertThat(history.unfinishedRunIds()).containsExactly("bad");
        }
    }

    @Test
    void runsWhoseLeaseIsNotHeldAreMarkedInterruptedAndJobRunsBetweenJobsAreLeftAlone() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("alive", RunState.RUNNING, T0, "{}", "h", "run");
            history.createRun("dead", RunState.RUNNING, T0, "{}", "h", "run");
            RecordedTasks.save(history, new TaskRun("dead", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, "{}"));
            RecordedTasks.save(history, new TaskRun("dead", "extract_fees", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            RecordedTasks.save(history, new TaskRun("dead", "publish", TaskState.PENDING, 0, null, null, null, null, null, null));
            history.createRun("airflow", RunState.RUNNING, T0, "{}", "h", "job");
            RecordedTasks.save(history, new TaskRun("airflow", "extract_fees", TaskState.RUNNING, 1, T0, null, null, null, null, null));
            history.createRun("waiting", RunState.RUNNING, T0, "{}", "h", "job");
            RecordedTasks.save(history, new TaskRun("waiting", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, "{}"));
            Set<String> held = Set.of("alive");

            // the runs page, before anything is marked: a dead run shows as failed
            List<RunHistoryReader.Run> shown = reader(lake, held::contains).recent(10).orElseThrow();
            assertThat(shown).filteredOn(r -> r.runId().equals("dead")).extracting(RunHistoryReader.Run::state)
                    .containsExactly("failed");
            assertThat(shown).filteredOn(r -> r.runId().equals("alive")).extracting(RunHistoryReader.Run::state)
                    .containsExactly("running");

            assertThat(history.markInterrupted(T0.plusSeconds(9), held::contains)).containsExactlyInAnyOrder("dead", "airflow");

            assertThat(history.run("alive").orElseThrow().state()).isEqualTo(RunState.RUNNING);
            assertThat(history.run("waiting").orElseThrow().state()).as("between two jobs").isEqualTo(RunState.RUNNING);
            assertThat(history.run("dead").orElseThrow().error()).contains("bankdata run --resume dead");
            assertThat(history.run("airflow").orElseThrow().error()).contains("bankdata job <task> --run airflow");
            assertThat(history.tasks("dead")).extracting(t -> t.state().text()).containsExactly("succeeded", "failed", "not_run");
            assertThat(history.tasks("dead").get(1).endedAt()).isEqualTo(T0.plusSeconds(9));
        }
    }

    @Test
    void theRunsPageShowsRunsWithTheirTasksAndWarnings() {
        String lake = freshLake();
        assertThat(reader(lake, h -> false).recent(10)).as("nothing recorded for this lake yet")
                .satisfiesAnyOf(r -> assertThat(r).isEmpty(), r -> assertThat(r.orElseThrow()).isEmpty());
        try (RunHistory history = open(lake)) {
            history.createRun("clean", RunState.RUNNING, T0, "{\"a\":1}", "h", "run");
            RecordedTasks.save(history, new TaskRun("clean", "publish", TaskState.SUCCEEDED, 1, T0.plusSeconds(2), T0.plusSeconds(3), 5L, 0L,
                    null, null));
            RecordedTasks.save(history, new TaskRun("clean", "check", TaskState.SUCCEEDED, 1, T0.plusSeconds(1), T0.plusSeconds(2), 7L, 7L,
                    null, null));
            history.finishRun("clean", RunState.SUCCEEDED, T0.plusSeconds(9), null);
            history.createRun("dropped", RunState.RUNNING, T0.plusSeconds(60), "{}", "h", "run");
            history.finishRun("dropped", RunState.SUCCEEDED, T0.plusSeconds(69), null, List.of("2 complaints row(s) quarantined"));
        }
        List<RunHistoryReader.Run> runs = reader(lake, h -> false).recent(10).orElseThrow();
        assertThat(runs).extracting(RunHistoryReader.Run::runId).containsExactly("dropped", "clean");
        assertThat(runs.get(0).state()).isEqualTo("succeeded_with_warnings");
        assertThat(runs.get(0).warnings()).containsExactly("2 complaints row(s) quarantined");
        assertThat(runs.get(1).params().get("a").asInt()).isEqualTo(1);
        assertThat(runs.get(1).tasks()).extracting(RunHistoryReader.Task::task).containsExactly("check", "publish");
        assertThat(runs.get(1).tasks().get(0).rowsIn()).isEqualTo(7L);
    }

    @Test
    void eachLakeSeesOnlyItsOwnRunsEvenWithTheSameRunIds() {
        String a = freshLake();
        String b = freshLake();
        try (RunHistory ha = open(a); RunHistory hb = open(b)) {
            ha.createRun("manual__1", RunState.RUNNING, T0, "{\"lake\":\"a\"}", "ha", "job");
            RecordedTasks.save(ha, new TaskRun("manual__1", "extract_banks", TaskState.SUCCEEDED, 1, T0, T0, 1L, 1L, null, null));
            hb.createRun("manual__1", RunState.RUNNING, T0, "{\"lake\":\"b\"}", "hb", "job");
            RecordedTasks.save(hb, new TaskRun("manual__1", "extract_banks", TaskState.FAILED, 3, T0, T0, null, null, "x", null));
            ha.finishRun("manual__1", RunState.SUCCEEDED, T0.plusSeconds(1), null);

            assertThat(ha.run("manual__1").orElseThrow().paramsHash()).isEqualTo("ha");
            assertThat(hb.run("manual__1").orElseThrow().state()).isEqualTo(RunState.RUNNING);
            assertThat(hb.tasks("manual__1")).extracting(TaskRun::state).containsExactly(TaskState.FAILED);
            assertThat(hb.latestSucceeded()).isEmpty();
            assertThat(hb.markInterrupted(T0, h -> true)).isEmpty();
            assertThat(reader(b, h -> true).recent(10).orElseThrow()).singleElement()
                    .satisfies(r -> assertThat(r.tasks()).extracting(RunHistoryReader.Task::state).containsExactly(TaskState.FAILED));
        }
    }

    @Test
    void aHistoryOpenedForReadingReadsButCannotWrite() {
        String lake = freshLake();
        try (RunHistory history = open(lake)) {
            history.createRun("r", RunState.RUNNING, T0, "{}", "h", "run");
        }
        try (RunHistory reading = RunHistory.openForReading(location(lake), lake).orElseThrow()) {
            assertThat(reading.runs(5)).extracting(RunRecord::runId).containsExactly("r");
            assertThatThrownBy(() -> reading.setBase("r", "x")).isInstanceOf(LakeException.class)
                    .hasMessageContaining("run history");
        }
    }
}
