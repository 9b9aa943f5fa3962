package org.bankdata.pipeline.tasks;

import java.time.Instant;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.bankdata.pipeline.PipelineTask;
import org.bankdata.pipeline.RunContext;

/** publish: makes every table this run wrote visible at once, by replacing the lake's snapshot atomically. */
public final class PublishTask implements PipelineTask {
    @Override
    public long run(RunContext context) {
        Snapshot snapshot = new Snapshot(context.runId(), Instant.now(), context.tables().written());
        new SnapshotStore(context.layout()).publish(snapshot);
        return snapshot.tables().size();
    }
}
