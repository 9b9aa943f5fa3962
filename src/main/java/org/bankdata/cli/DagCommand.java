package org.bankdata.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.bankdata.dag.AirflowDag;
import org.bankdata.dag.DagFormat;
import org.bankdata.dag.DagRenderer;
import org.bankdata.dag.DagTarget;
import org.bankdata.dag.EmrDag;
import org.bankdata.dag.GlueDag;
import org.bankdata.dag.JobArguments;
import org.bankdata.errors.Redaction;
import org.bankdata.errors.UsageException;
import org.bankdata.config.CatalogUri;
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
                + " or write it as an Airflow DAG whose tasks run `bankdata job <task>`: with spark-submit on the Airflow"
                + " worker (--target local), as EMR steps (emr) or as runs of one Glue job (glue).")
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
                    + " (default: ${DEFAULT-VALUE}; glue: an s3a:// URL).")
    String lake;

    @Option(names = "--target", defaultValue = "local",
            description = "airflow: where the tasks run: local (spark-submit on the Airflow worker), emr (a step per task on"
                    + " an EMR cluster, EmrAddStepsOperator + EmrStepSensor) or glue (a run of one Glue job per task,"
                    + " GlueJobOperator) (default: ${DEFAULT-VALUE}).")
    DagTarget target;

    @Option(names = "--history", paramLabel = "JDBC_URL",
            description = "airflow: the run history every job uses, jdbc:postgresql://HOST[:PORT]/DATABASE[?user=ROLE], without"
                    + " password (default: the lake's own; glue: required).")
    String history;

    @Option(names = "--catalog", paramLabel = "URI",
            description = "airflow: the lake's Iceberg catalog every job uses, jdbc:postgresql://HOST[:PORT]/DATABASE (without"
                    + " password) or http(s)://HOST[:PORT]/PATH (an Iceberg REST catalog); for local, also"
                    + " jdbc:sqlite:FILE (passed as the jobs' --catalog; default: the jobs' own, the --history database"
                    + " when that is Postgres).")
    String catalog;

    @Option(names = "--namespace", paramLabel = "NAME",
            description = "airflow: the Iceberg namespace of the lake's tables (passed as the jobs' --namespace; default:"
                    + " bankdata).")
    String namespace;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "airflow, local and emr: the file holding the history's password on the hosts that run the jobs"
                    + " (passed as the jobs' --password-file).")
    String passwordFile;

    @Option(names = "--password-secret", paramLabel = "SECRET_ID",
            description = "airflow, glue: the AWS Secrets Manager secret the Glue job reads the history's password from"
                    + " (passed as the job argument --password-secret).")
    String passwordSecret;

    @Option(names = "--glue-job", paramLabel = "NAME", defaultValue = "bankdata",
            description = "airflow, glue: the Glue job every task runs (default: ${DEFAULT-VALUE}).")
    String glueJob;

    @Option(names = "--emr-cluster-id", paramLabel = "ID", defaultValue = "{{ var.value.bankdata_emr_cluster_id }}",
            description = "airflow, emr: the cluster the steps are added to, an id (j-...) or an Airflow template"
                    + " (default: ${DEFAULT-VALUE}).")
    String emrClusterId;

    @Option(names = "--aws-conn-id", paramLabel = "CONN_ID", defaultValue = "aws_default",
            description = "airflow, emr and glue: Airflow's connection to AWS (default: ${DEFAULT-VALUE}).")
    String awsConnId;

    @Override
    public Integer call() {
        LakeLocation parsedLake = LakeLocation.parse(lake); // refuses a scheme bankdata does not support; the text stays as written
        PipelineGraph graph = PipelineDefinition.graph();
        String text = switch (format) {
            case text -> DagRenderer.text(graph);
            case mermaid -> DagRenderer.mermaid(graph);
            case dot -> DagRenderer.dot(graph);
            case airflow -> airflow(graph, parsedLake);
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

    private String airflow(PipelineGraph graph, LakeLocation parsedLake) {
        if (history != null && !history.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--history " + Redaction.redact(history) + " is not a Postgres URL; jobs on other hosts"
                    + " share a history in Postgres: give jdbc:postgresql://HOST[:PORT]/DATABASE");
        }
        requireCatalogFor(target);
        return switch (target) {
            case local -> new AirflowDag(dagId, sparkSubmit, jar, jobArguments(passwordFile)).render(graph);
            case emr -> new EmrDag(dagId, emrClusterId, jar, jobArguments(passwordFile), awsConnId).render(graph);
            case glue -> {
                if (!parsedLake.isS3()) {
                    throw new UsageException("--target glue needs the lake on S3 (--lake s3a://bucket/prefix): a Glue job's"
                            + " disk is gone when it ends");
                }
                if (history == null) {
                    throw new UsageException("--target glue needs --history jdbc:postgresql://HOST[:PORT]/DATABASE: each task"
                            + " is its own Glue job run, with no disk the next one sees");
                }
                if (passwordFile != null) {
                    throw new UsageException("--password-file is for local and emr; a Glue job reads the password from"
                            + " --password-secret");
                }
                yield new GlueDag(dagId, glueJob, jobArguments(null), passwordSecret, awsConnId).render(graph);
            }
        };
    }

    private JobArguments jobArguments(String passwordFileOfJobs) {
        return new JobArguments(lake, history, passwordFileOfJobs, catalog, namespace);
    }

    /**
     * Refuses a {@code --catalog} the jobs could not use: not one of the accepted forms, or an SQLite file (a catalog of
     * one host) for jobs that run on a cluster's hosts or Glue's.
     */
    private void requireCatalogFor(DagTarget on) {
        if (namespace != null) {
            try {
                CatalogUri.requireNamespace(namespace);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--namespace " + namespace + ": " + e.getMessage());
            }
        }
        if (catalog == null) {
            return;
        }
        CatalogUri uri;
        try {
            uri = new CatalogUri(catalog); // the forms every verb's --catalog accepts
        } catch (IllegalArgumentException e) {
            throw new UsageException("--catalog " + Redaction.redact(catalog) + " is not a catalog the jobs can use; give "
                    + CatalogOption.ACCEPTED);
        }
        if (uri.isLocalFile() && on != DagTarget.local) {
            throw new UsageException("--catalog " + catalog + " is a file on one host, and --target " + on + " runs each job"
                    + " on a host of its own: give jdbc:postgresql://HOST[:PORT]/DATABASE or an Iceberg REST catalog"
                    + " http(s)://HOST[:PORT]/PATH");
        }
    }
}
