package org.bankdata.history;

/**
 * Records a task in a test's history as a run records it: a task that has ended (succeeded, failed, timed out) is
 * recorded running first, since the history records a new task only in a state a task starts in.
 */
public final class RecordedTasks {
    private RecordedTasks() {
    }

    public static void save(RunHistory history, TaskRun task) {
        if (!TaskState.initial().contains(task.state())) {
            history.saveTask(new TaskRun(task.runId(), task.task(), TaskState.RUNNING, task.attempts(), task.startedAt(), null,
                    null, null, null, null));
        }
        history.saveTask(task);
    }
}
