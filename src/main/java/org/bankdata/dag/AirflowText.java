package org.bankdata.dag;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bankdata.pipeline.PipelineGraph;
import org.bankdata.pipeline.TaskSpec;

/** The Python the generated Airflow DAG files share: literals, the {@code with DAG(...)} block, the edges. */
final class AirflowText {
    private AirflowText() {
    }

    /** {@code with DAG(...) as dag:}; Airflow's retries are off, since bankdata retries inside each job. */
    static String dagBlock(String dagId) {
        return "with DAG(\n"
                + "    dag_id=" + AirflowDag.py(dagId) + ",\n"
                + "    start_date=datetime(2020, 1, 1),\n"
                + "    schedule=None,\n"
                + "    catchup=False,\n"
                + "    default_args={\"retries\": 0},\n"
                + "    tags=[\"bankdata\"],\n"
                + ") as dag:\n";
    }

    /**
     * One {@code a >> b} per edge of the definition; {@code upstream} names the Airflow task that says a pipeline task
     * is done (e.g. the sensor of its step).
     */
    static String edges(PipelineGraph graph, Function<String, String> upstream) {
        StringBuilder out = new StringBuilder();
        for (TaskSpec t : graph.topologicalOrder()) {
            for (String dep : t.dependsOn()) {
                out.append("    ").append(upstream.apply(dep)).append(" >> ").append(t.name()).append('\n');
            }
        }
        return out.toString();
    }

    /** A Python list of strings. */
    static String list(List<String> items) {
        return "[" + String.join(", ", items.stream().map(AirflowDag::py).toList()) + "]";
    }

    /** A Python dict of strings, in the map's order. */
    static String dict(Map<String, String> entries) {
        return "{" + String.join(", ", entries.entrySet().stream()
                .map(e -> AirflowDag.py(e.getKey()) + ": " + AirflowDag.py(e.getValue())).toList()) + "}";
    }
}
