package org.bankdata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bankdata.dag.AirflowDag;
import org.bankdata.dag.DagFormat;
import org.bankdata.dag.DagRenderer;
import org.bankdata.config.LakeLocation;
import org.bankdata.errors.LakeException;
import org.bankdata.pipeline.PipelineDefinition;
import org.bankdata.pipeline.PipelineGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bankdata dag}: the pipeline graph as text, Mermaid, Graphviz dot or an Airflow DAG file. */
@Command(name = "dag", mixinStandardHelpOptions = true,
        description = "Print the pipeline graph (tasks, dependencies, retry policy) from the one pipeline definition,"
                + " or write it as an Airflow DAG whose tasks run `spark-submit ... job <task>`.")
public final class DagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "text", description = "text, mermaid, dot or airflow (default: ${DEFAULT-VALUE}).")
    DagFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Option(names = "--dag-id", defaultValue = "bankdata", description = "airflow: the DAG id (default: ${DEFAULT-VALUE}).")
    String dagId;

    @Option(names = "--spark-submit", paramLabel = "CMD", defaultValue = "spark-submit --master yarn --deploy-mode client",
            description = "airflow: spark-submit and its options (default: ${DEFAULT-VALUE}).")
    String sparkSubmit;

    @Option(names = "--jar", paramLabel = "PATH", defaultValue = "/opt/bankdata/bankdata-spark.jar",
            description = "airflow: the spark-submit jar (target/bankdata-spark.jar) as the workers see it (default: ${DEFAULT-VALUE}).")
    String jar;

    @Option(names = "--lake", paramLabel = "DIR|URL", defaultValue = "/data/bankdata/lake",
            description = "airflow: the lake every task uses, a folder as the workers see it or s3a://bucket/prefix"
                    + " (default: ${DEFAULT-VALUE}).")
    String lake;

    @Override
    public Integer call() {
        LakeLocation.parse(lake); // refuses a scheme bankdata does not support; the text stays as the user wrote it
        PipelineGraph graph = PipelineDefinition.graph();
        String text = switch (format) {
            case text -> DagRenderer.text(graph);
            case mermaid -> DagRenderer.mermaid(graph);
            case dot -> DagRenderer.dot(graph);
            case airflow -> new AirflowDag(dagId, sparkSubmit, jar, lake).render(graph);
        };
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new LakeException("cannot write " + output + ": " + e.getMessage(), e);
            }
            spec.commandLine().getErr().println("wrote " + output);
        }
        return 0;
    }
}
