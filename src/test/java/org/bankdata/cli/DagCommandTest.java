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
}
