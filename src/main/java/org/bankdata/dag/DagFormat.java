package org.bankdata.dag;

/** The forms {@code bankdata dag} prints the pipeline graph in. */
public enum DagFormat {
    text, mermaid, dot, airflow
}
