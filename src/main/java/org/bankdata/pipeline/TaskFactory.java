package org.bankdata.pipeline;

import java.util.Map;
import java.util.function.Supplier;
import org.bankdata.pipeline.tasks.BuildChartsTask;
import org.bankdata.pipeline.tasks.BuildDimensionsTask;
import org.bankdata.pipeline.tasks.BuildFactsTask;
import org.bankdata.pipeline.tasks.CheckTask;
import org.bankdata.pipeline.tasks.ConformConglomeratesTask;
import org.bankdata.pipeline.tasks.ExtractBanksTask;
import org.bankdata.pipeline.tasks.ExtractComplaintsTask;
import org.bankdata.pipeline.tasks.ExtractFeesTask;
import org.bankdata.pipeline.tasks.PublishTask;
import org.bankdata.pipeline.context.PipelineTask;

/** Builds the implementation of a task by its name: the one place task names meet task classes. */
public final class TaskFactory {
    private static final Map<String, Supplier<PipelineTask>> TASKS = Map.of(
            PipelineDefinition.EXTRACT_BANKS, ExtractBanksTask::new,
            PipelineDefinition.EXTRACT_COMPLAINTS, ExtractComplaintsTask::new,
            PipelineDefinition.CONFORM_CONGLOMERATES_TASK, ConformConglomeratesTask::new,
            PipelineDefinition.EXTRACT_FEES, ExtractFeesTask::new,
            PipelineDefinition.BUILD_DIMENSIONS, BuildDimensionsTask::new,
            PipelineDefinition.BUILD_FACTS, BuildFactsTask::new,
            PipelineDefinition.BUILD_CHARTS, BuildChartsTask::new,
            PipelineDefinition.CHECK, CheckTask::new,
            PipelineDefinition.PUBLISH, PublishTask::new);

    private TaskFactory() {
    }

    public static PipelineTask create(String name) {
        Supplier<PipelineTask> supplier = TASKS.get(name);
        if (supplier == null) {
            throw new IllegalArgumentException("no task named " + name + "; tasks: " + PipelineDefinition.tasks().stream()
                    .map(TaskSpec::name).toList());
        }
        return supplier.get();
    }
}
