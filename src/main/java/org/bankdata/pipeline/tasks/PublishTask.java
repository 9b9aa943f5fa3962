package org.bankdata.pipeline.tasks;

import java.time.Instant;
import java.util.Map;
import org.bankdata.lake.CatalogRelease;
import org.bankdata.lake.Snapshot;
import org.bankdata.pipeline.context.PipelineTask;
import org.bankdata.pipeline.context.RunContext;
import org.bankdata.pipeline.context.TaskFigures;
import org.bankdata.pipeline.context.TaskResult;

/**
 * publish: makes every table of this run visible at once, if the published release is still the one the run built
 * on (a compare-and-swap; a conflict fails the task and publishes nothing): each table's version of the run (the
 * snapshot its finished attempt recorded, or the run branch's head for a table written in parts) becomes its
 * {@code main}, tagged {@code release_<run-id>}, the run's branches are removed, then the release record is replaced
 * atomically. No data is deleted.
 */
public final class PublishTask implements PipelineTask {
    @Override
    public TaskResult run(RunContext context) {
        String base = context.base().map(Snapshot::runId).orElse(null);
        Snapshot snapshot = new Snapshot(context.runId(), Instant.now(), context.tables().written(), base);
        CatalogRelease release = new CatalogRelease(context.site().icebergCatalog()); // opened before the publish lock is taken
        context.site().snapshots().publish(snapshot, release);
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
