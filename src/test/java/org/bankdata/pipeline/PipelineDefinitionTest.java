package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
                .containsExactlyInAnyOrder("extract_complaints");
    }

    @Test
    void publishDependsOnlyOnTheChecks() {
        TaskSpec publish = PipelineDefinition.tasks().stream().filter(t -> t.name().equals("publish")).findFirst()
                .orElseThrow();

        assertThat(publish.dependsOn()).containsExactly("check");
    }

    @Test
    void everyTableATaskReadsIsWrittenUpstreamOfIt() {
        assertThat(PipelineDefinition.graph().dataFlowProblems()).isEmpty();
        for (TaskSpec task : PipelineDefinition.tasks()) {
            task.reads().forEach(org.bankdata.catalog.Tables::named);
        }
    }

    @Test
    void removingADependencyEdgeThatCarriesATableIsCaught() {
        // build_facts reads curated_service_fees, which extract_fees writes
        PipelineGraph withoutFees = PipelineDefinition.graph().withDependsOn("build_facts", List.of("extract_banks", "extract_complaints"));

        assertThat(withoutFees.dataFlowProblems()).containsExactly("build_facts reads curated_service_fees, written by"
                + " extract_fees, which is not upstream of build_facts; add the dependency");
    }

    @Test
    void removingAnEdgeFurtherUpIsCaughtForEveryTableThatNoLongerFlows() {
        // check (and publish after it) would no longer wait for any table at all
        PipelineGraph checkAlone = PipelineDefinition.graph().withDependsOn("check", List.of());
        int writes = org.bankdata.catalog.Tables.all().stream().mapToInt(t -> t.writtenBy().size()).sum();

        assertThat(checkAlone.dataFlowProblems()).hasSize(2 * writes);
        assertThat(checkAlone.dataFlowProblems()).filteredOn(p -> p.startsWith("check reads ")).hasSize(writes);
        assertThat(checkAlone.dataFlowProblems()).filteredOn(p -> p.startsWith("publish reads ")).hasSize(writes);
    }

    @Test
    void eachTaskWritesTheTablesTheCatalogSaysItWrites() {
        java.util.Map<String, List<String>> writes = new java.util.LinkedHashMap<>();
        PipelineDefinition.tasks().forEach(t -> writes.put(t.name(), t.writes()));
        assertThat(writes).containsExactly(
                java.util.Map.entry("extract_banks", List.of("curated_bank_list", "conform_conglomerates", "quarantine")),
                java.util.Map.entry("extract_complaints", List.of("curated_complaints", "quarantine")),
                java.util.Map.entry("extract_fees", List.of("curated_service_fees", "quarantine")),
                java.util.Map.entry("build_dimensions", List.of("dim_institution", "dim_period", "dim_institution_name",
                        "dim_category", "dim_service")),
                java.util.Map.entry("build_facts", List.of("fact_complaints", "fact_service_fee")),
                java.util.Map.entry("build_charts", List.of("chart_top_complaints", "chart_top_free_services",
                        "chart_services_vs_complaints", "chart_complaints_trend", "chart_complaint_index", "chart_service_fee")),
                java.util.Map.entry("check", List.of()),
                java.util.Map.entry("publish", List.of()));
    }
}
