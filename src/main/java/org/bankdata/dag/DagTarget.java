package org.bankdata.dag;

/**
 * Where the tasks of an Airflow DAG run: {@code local} (spark-submit on the Airflow worker), {@code emr} (one step per
 * task on an EMR cluster) or {@code glue} (one run of one Glue job per task).
 */
public enum DagTarget {
    local, emr, glue
}
