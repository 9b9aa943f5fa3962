package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    @Test
    void tasksAreExactlyTheEightNamedSteps() {
        assertThat(PipelineDefinition.tasks()).extracting(TaskSpec::name).containsExactly(
                "extract_banks", "extract_complaints", "extract_fees", "build_dimensions", "build_facts",
                "build_charts", "check", "publish");
    }

    @Test
    void everyDependencyNamesATask() {
        Set<String> names = new HashSet<>();
        PipelineDefinition.tasks().forEach(t -> names.add(t.name()));

        for (TaskSpec task : PipelineDefinition.tasks()) {
            assertThat(names).as(task.name()).containsAll(task.dependsOn());
            assertThat(task.dependsOn()).as(task.name()).doesNotContain(task.name()).doesNotHaveDuplicates();
            assertThat(task.description()).as(task.name()).isNotBlank();
        }
    }

    @Test
    void topologicalOrderPutsEveryTaskAfterItsDependencies() {
        List<TaskSpec> order = PipelineDefinition.topologicalOrder();

        assertThat(order).containsExactlyInAnyOrderElementsOf(PipelineDefinition.tasks());
        for (int i = 0; i < order.size(); i++) {
            List<String> before = order.subList(0, i).stream().map(TaskSpec::name).toList();
            assertThat(before).as(order.get(i).name()).containsAll(order.get(i).dependsOn());
        }
    }

    @Test
    void extractionsComeFirstAndPublishLast() {
        List<TaskSpec> order = PipelineDefinition.topologicalOrder();

        assertThat(order.get(order.size() - 1).name()).isEqualTo("publish");
        assertThat(order.get(order.size() - 2).name()).isEqualTo("check");
        assertThat(order.stream().filter(t -> t.dependsOn().isEmpty()).map(TaskSpec::name).toList())
                .containsExactlyInAnyOrder("extract_banks", "extract_complaints");
    }

    @Test
    void publishDependsOnlyOnTheChecks() {
        TaskSpec publish = PipelineDefinition.tasks().stream().filter(t -> t.name().equals("publish")).findFirst()
                .orElseThrow();

        assertThat(publish.dependsOn()).containsExactly("check");
    }
}
