package org.bankdata.pipeline.tasks;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.bankdata.history.RunHistory;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.pipeline.context.TaskResult;

/**
 * publish: makes every table of this run visible at once, by replacing the lake's snapshot atomically, if the
 * published snapshot is still the one the run built on (a compare-and-swap; a conflict fails the task and
 * publishes nothing). Table versions no reader can reach are removed, except those of runs the history says
 * may still be resumed.
 */
public final class PublishTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        String base = context.base().map(Snapshot::runId).orElse(null);
        Snapshot snapshot = new Snapshot(context.runId(), Instant.now(), context.tables().written(), base);
        Set<String> keep;
        try (RunHistory history = RunHistory.open(context.history(), RunHistory.lakeOf(context.layout()))) {
            keep = history.unfinishedRunIds();
        }
        context.site().snapshots().publish(snapshot, keep);
        return new TaskResult(0, new PublishFigures(snapshot.tables().size()));
    }

    /** The figure of the publish: how many tables the snapshot holds (it writes no table itself). */
    record PublishFigures(int tables) implements TaskFigures {
        @Override
        public Map<String, Object> asFacts() {
            return Map.of("tables_published", tables);
        }
    }
}
