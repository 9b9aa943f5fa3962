package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bankdata.catalog.Tables;
import org.junit.jupiter.api.Test;

class PipelineDefinitionTest {

    @Test
    void everyDeclaredTaskHasAnImplementationAndAnUnknownNameIsRefusedNamingTheTasks() {
        for (TaskSpec task : PipelineDefinition.tasks()) {
            assertThat(TaskFactory.create(task.name())).as(task.name()).isNotNull();
        }
        assertThatThrownBy(() -> TaskFactory.create("extract_everything"))
                .hasMessageContaining("no task named extract_everything")
                .hasMessageContaining(PipelineDefinition.tasks().get(0).name());
    }

    @Test
    void onlyTheCheckAndThePublishRunWithoutSpark() {
        assertThat(PipelineDefinition.needsSpark(Set.of(PipelineDefinition.CHECK))).isFalse();
        assertThat(PipelineDefinition.needsSpark(Set.of(PipelineDefinition.PUBLISH))).isFalse();
        assertThat(PipelineDefinition.needsSpark(Set.of(PipelineDefinition.CHECK, PipelineDefinition.PUBLISH))).isFalse();
        for (TaskSpec task : PipelineDefinition.tasks()) {
            if (!task.name().equals(PipelineDefinition.CHECK) && !task.name().equals(PipelineDefinition.PUBLISH)) {
                assertThat(PipelineDefinition.needsSpark(Set.of(task.name()))).as(task.name()).isTrue();
                assertThat(PipelineDefinition.needsSpark(Set.of(task.name(), PipelineDefinition.PUBLISH))).as(task.name()).isTrue();
            }
        }
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
                .containsExactlyInAnyOrder("extract_complaints", "extract_banks");
    }

    @Test
    void publishDependsOnlyOnTheChecks() {
        assertThat(PipelineDefinition.graph().task("publish").dependsOn()).containsExactly("check");
    }

    /** The edges, as a reader of the tables each task reads and the catalog's writers would draw them. */
    @Test
    void theEdgesAreTheWritersOfWhatEachTaskReads() {
        Map<String, List<String>> edges = new LinkedHashMap<>();
        PipelineDefinition.tasks().forEach(t -> edges.put(t.name(), t.dependsOn()));

        assertThat(edges).containsExactly(
                Map.entry("extract_complaints", List.of()),
                Map.entry("extract_banks", List.of()),
                Map.entry("conform_conglomerates", List.of("extract_complaints", "extract_banks")),
                Map.entry("extract_fees", List.of("conform_conglomerates")),
                Map.entry("build_dimensions", List.of("extract_fees")),
                Map.entry("build_facts", List.of("extract_fees")),
                Map.entry("build_charts", List.of("build_dimensions", "build_facts")),
                Map.entry("check", List.of("build_charts")),
                Map.entry("publish", List.of("check")));
    }

    @Test
    void everyTaskRunsAfterEveryWriterOfEveryTableItReads() {
        PipelineGraph graph = PipelineDefinition.graph();
        for (TaskSpec task : PipelineDefinition.tasks()) {
            Set<String> upstream = graph.upstreamOf(List.of(task.name()));
            for (String table : task.reads()) {
                List<String> writers = new ArrayList<>(Tables.named(table).writtenBy());
                writers.remove(task.name());
                assertThat(upstream).as(task.name() + " reads " + table).containsAll(writers);
            }
        }
    }

    @Test
    void aTaskReadingATableNoTaskOfTheGraphWritesIsRefusedAtDefinition() {
        TaskPolicy policy = TaskPolicy.retrying(Duration.ofMinutes(1));
        List<TaskSpec> withoutFees = List.of(
                new TaskSpec("extract_complaints", List.of(), List.of(), "x", policy),
                new TaskSpec("build_facts", List.of("curated_complaints", "curated_service_fees"), List.of(), "x", policy));

        assertThatThrownBy(() -> new PipelineGraph(withoutFees)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("task build_facts reads curated_service_fees, which no task of the graph writes (the table"
                        + " catalog names extract_fees as its writer)");
    }

    @Test
    void aTaskReadingATableWrittenOnlyAfterItIsRefusedAsACycle() {
        TaskPolicy policy = TaskPolicy.retrying(Duration.ofMinutes(1));
        // extract_complaints declared as reading what build_facts writes, and build_facts reading what it writes
        List<TaskSpec> backwards = List.of(
                new TaskSpec("extract_complaints", List.of("fact_complaints"), List.of(), "x", policy),
                new TaskSpec("build_facts", List.of("curated_complaints"), List.of(), "x", policy));

        assertThatThrownBy(() -> new PipelineGraph(backwards)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle").hasMessageContaining("extract_complaints").hasMessageContaining("build_facts");
    }

    @Test
    void aTaskAfterAnUnknownTaskIsRefused() {
        TaskPolicy policy = TaskPolicy.retrying(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new PipelineGraph(List.of(new TaskSpec("publish", List.of(), List.of("check"), "x", policy))))
                .hasMessage("task publish comes after unknown task check");
    }

    @Test
    void eachTaskWritesTheTablesTheCatalogSaysItWrites() {
        Map<String, List<String>> writes = new LinkedHashMap<>();
        PipelineDefinition.tasks().forEach(t -> writes.put(t.name(), t.writes()));
        assertThat(writes).containsExactly(
                Map.entry("extract_complaints", List.of("curated_complaints", "quarantine")),
                Map.entry("extract_banks", List.of("curated_bank_list", "quarantine")),
                Map.entry("conform_conglomerates", List.of("conform_conglomerates")),
                Map.entry("extract_fees", List.of("curated_service_fees", "quarantine")),
                Map.entry("build_dimensions", List.of("dim_institution", "dim_period", "dim_institution_name",
                        "dim_category", "dim_service")),
                Map.entry("build_facts", List.of("fact_complaints", "fact_service_fee")),
                Map.entry("build_charts", List.of("chart_top_complaints", "chart_top_free_services",
                        "chart_services_vs_complaints", "chart_complaints_trend", "chart_complaint_index", "chart_service_fee")),
                Map.entry("check", List.of()),
                Map.entry("publish", List.of()));
    }
}
