package org.bankdata.dag;

import java.util.Map;
import java.util.Set;

/**
 * The only Python names a generated DAG may import, and the only keyword arguments it may give each operator: those
 * of Airflow 2.10 and of the Amazon provider package apache-airflow-providers-amazon 9.1.0 (docs/OPERATIONS.md,
 * "Airflow"). Airflow is not installed here, so the generated files are checked against this fixed list.
 */
final class AirflowNames {
    private AirflowNames() {
    }

    /** module → names imported from it. */
    static final Map<String, Set<String>> IMPORTS = Map.of(
            "datetime", Set.of("datetime", "timedelta"),
            "airflow", Set.of("DAG"),
            "airflow.operators.bash", Set.of("BashOperator"),
            "airflow.providers.amazon.aws.operators.glue", Set.of("GlueJobOperator"),
            "airflow.providers.amazon.aws.operators.emr", Set.of("EmrAddStepsOperator"),
            "airflow.providers.amazon.aws.sensors.emr", Set.of("EmrStepSensor"));

    /** BaseOperator's arguments the DAGs use. */
    private static final Set<String> BASE = Set.of("task_id", "execution_timeout", "doc_md");

    /** class → its keyword arguments the DAGs may give (BaseOperator's and BaseSensorOperator's included). */
    static final Map<String, Set<String>> ARGUMENTS = Map.of(
            "DAG", Set.of("dag_id", "start_date", "schedule", "catchup", "default_args", "tags"),
            "BashOperator", union(BASE, Set.of("bash_command")),
            "GlueJobOperator", union(BASE, Set.of("job_name", "script_args", "aws_conn_id", "wait_for_completion", "verbose")),
            "EmrAddStepsOperator", union(BASE, Set.of("job_flow_id", "steps", "aws_conn_id", "wait_for_completion")),
            "EmrStepSensor", union(BASE, Set.of("job_flow_id", "step_id", "aws_conn_id", "mode", "poke_interval", "timeout")));

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
