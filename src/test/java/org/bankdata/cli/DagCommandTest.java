package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.bankdata.cli.InProcessCli.Result;
import org.bankdata.dag.AirflowDag;
import org.bankdata.pipeline.PipelineDefinition;
import org.junit.jupiter.api.Test;

/** {@code bankdata dag --format airflow --target ...}: the default target, and what each target refuses. */
class DagCommandTest {
    @Test
    void withoutTargetTheDagIsTheLocalOne() {
        Result r = InProcessCli.bankdata("dag", "--format", "airflow", "--lake", "/data/lake");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(new AirflowDag("bankdata", "spark-submit --master yarn --deploy-mode client",
                "/opt/bankdata/bankdata-spark.jar", "/data/lake").render(PipelineDefinition.graph()));
    }

    @Test
    void glueNeedsALakeOnS3AndAPostgresHistory() {
        Result local = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "glue", "--lake", "/data/lake",
                "--history", "jdbc:postgresql://db/bankdata");
        assertThat(local.exit()).isEqualTo(2);
        assertThat(local.err()).startsWith("error: --target glue needs the lake on S3 (--lake s3a://bucket/prefix)");

        Result noHistory = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "glue", "--lake", "s3a://b/lake");
        assertThat(noHistory.exit()).isEqualTo(2);
        assertThat(noHistory.err()).startsWith("error: --target glue needs --history jdbc:postgresql://");

        Result ok = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "glue", "--lake", "s3a://b/lake",
                "--history", "jdbc:postgresql://db/bankdata?user=bankdata", "--password-secret", "bankdata/history");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("GlueJobOperator(").contains("\"--password-secret\": \"bankdata/history\"");
    }

    @Test
    void aHistoryUrlWithAPasswordIsRefusedWithoutShowingIt() {
        for (String target : new String[] {"local", "emr", "glue"}) {
            Result r = InProcessCli.bankdata("dag", "--format", "airflow", "--target", target, "--lake", "s3a://b/lake",
                    "--history", "jdbc:postgresql://db/bankdata?user=u&password=hunter2");
            assertThat(r.exit()).as(target).isEqualTo(2);
            assertThat(r.err()).as(target).contains("holds a password").doesNotContain("hunter2");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void theCatalogAndNamespaceReachEveryJobOfEveryTarget() {
        Result local = InProcessCli.bankdata("dag", "--format", "airflow", "--lake", "/data/lake",
                "--catalog", "https://catalog.example/iceberg", "--namespace", "bcb_open");
        assertThat(local.exit()).as(local.err()).isZero();
        assertThat(local.out()).contains("CATALOG = \"https://catalog.example/iceberg\"\n", "NAMESPACE = \"bcb_open\"\n");
        long jobs = PipelineDefinition.graph().topologicalOrder().size();
        assertThat(local.out().split(" \\+ \" --catalog \" \\+ CATALOG \\+ \" --namespace \" \\+ NAMESPACE,", -1))
                .hasSize((int) jobs + 1);

        Result emr = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "emr", "--lake", "s3a://b/lake",
                "--catalog", "jdbc:postgresql://db/iceberg?user=bankdata");
        assertThat(emr.exit()).as(emr.err()).isZero();
        assertThat(emr.out().split("\"--catalog\", \"jdbc:postgresql://db/iceberg\\?user=bankdata\"", -1)).hasSize((int) jobs + 1);
        assertThat(emr.out()).doesNotContain("--namespace");

        Result glue = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "glue", "--lake", "s3a://b/lake",
                "--history", "jdbc:postgresql://db/bankdata", "--catalog", "https://glue.example/iceberg",
                "--namespace", "bcb");
        assertThat(glue.exit()).as(glue.err()).isZero();
        assertThat(glue.out()).contains("\"--catalog\": \"https://glue.example/iceberg\", \"--namespace\": \"bcb\"");
    }

    @Test
    void aCatalogTheJobsCannotUseIsRefused() {
        Result sqliteOnEmr = InProcessCli.bankdata("dag", "--format", "airflow", "--target", "emr", "--lake", "s3a://b/lake",
                "--catalog", "jdbc:sqlite:/data/catalog.db");
        assertThat(sqliteOnEmr.exit()).isEqualTo(2);
        assertThat(sqliteOnEmr.err()).startsWith("error: --catalog jdbc:sqlite:/data/catalog.db is a file on one host");

        Result password = InProcessCli.bankdata("dag", "--format", "airflow", "--lake", "/data/lake",
                "--catalog", "jdbc:postgresql://db/iceberg?user=u&password=hunter2");
        assertThat(password.exit()).isEqualTo(2);
        assertThat(password.err()).contains("holds a password").doesNotContain("hunter2");

        Result unknown = InProcessCli.bankdata("dag", "--format", "airflow", "--lake", "/data/lake", "--catalog", "thrift://hms:9083");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("error: --catalog thrift://hms:9083 is not a catalog the jobs can use");

        Result namespace = InProcessCli.bankdata("dag", "--format", "airflow", "--lake", "/data/lake", "--namespace", "Bad-Name");
        assertThat(namespace.exit()).isEqualTo(2);
        assertThat(namespace.err()).startsWith("error: --namespace Bad-Name: not a namespace bankdata can use");
    }
}
