package org.bankdata.pipeline;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bankdata pipeline, declared once as data. The runner, the docs and every export read this graph;
 * nothing else declares tasks or dependencies.
 */
public final class PipelineDefinition {
    public static final String EXTRACT_BANKS = "extract_banks";
    public static final String EXTRACT_COMPLAINTS = "extract_complaints";
    public static final String EXTRACT_FEES = "extract_fees";
    public static final String BUILD_DIMENSIONS = "build_dimensions";
    public static final String BUILD_FACTS = "build_facts";
    public static final String BUILD_CHARTS = "build_charts";
    public static final String CHECK = "check";
    public static final String PUBLISH = "publish";

    private static final List<TaskSpec> TASKS = List.of(
            new TaskSpec(EXTRACT_BANKS, List.of(), "land the bank list under raw/ and parse it into curated_bank_list"),
            new TaskSpec(EXTRACT_COMPLAINTS, List.of(), "land the ranking CSVs under raw/ and parse them into curated_complaints"),
            new TaskSpec(EXTRACT_FEES, List.of(EXTRACT_COMPLAINTS),
                    "page the fees API for every CNPJ in the ranking, land each page, parse into curated_service_fees"),
            new TaskSpec(BUILD_DIMENSIONS, List.of(EXTRACT_BANKS, EXTRACT_COMPLAINTS, EXTRACT_FEES),
                    "build dim_institution, dim_period, dim_category, dim_service"),
            new TaskSpec(BUILD_FACTS, List.of(EXTRACT_COMPLAINTS, EXTRACT_FEES),
                    "build fact_complaints and fact_service_fee (keys are hashes of natural keys: no lookup needed)"),
            new TaskSpec(BUILD_CHARTS, List.of(BUILD_DIMENSIONS, BUILD_FACTS), "answer the three questions as chart_* tables"),
            new TaskSpec(CHECK, List.of(BUILD_CHARTS), "verify keys, relationships and reconciliations"),
            new TaskSpec(PUBLISH, List.of(CHECK), "switch readers to this run's tables in one atomic step"));

    private PipelineDefinition() {
    }

    public static List<TaskSpec> tasks() {
        return TASKS;
    }

    /** Tasks in an order where each comes after everything it depends on (stable: declaration order). */
    public static List<TaskSpec> topologicalOrder() {
        Map<String, TaskSpec> byName = new LinkedHashMap<>();
        TASKS.forEach(t -> byName.put(t.name(), t));
        List<TaskSpec> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (ordered.size() < TASKS.size()) {
            boolean progressed = false;
            for (TaskSpec task : TASKS) {
                if (!done.contains(task.name()) && done.containsAll(task.dependsOn())) {
                    ordered.add(task);
                    done.add(task.name());
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("the pipeline graph has a cycle or an unknown dependency");
            }
        }
        return ordered;
    }
}
