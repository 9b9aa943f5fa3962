package org.bankdata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.dag.AirflowDag;
import org.bankdata.pipeline.PipelineDefinition;
import org.junit.jupiter.api.Test;

/**
 * deploy/airflow/dags/bankdata.py, the DAG the compose file mounts into Airflow, is what `bankdata dag` writes from
 * the current pipeline definition with the options docs/OPERATIONS.md gives; a changed pipeline fails this test
 * until the file is regenerated.
 */
class AirflowDagFileTest {
    static final String SPARK_SUBMIT = "spark-submit --master local[2] --driver-java-options -Dbankdata.home=/opt/bankdata";
    static final String JAR = "/opt/bankdata/bankdata-spark.jar";
    static final String LAKE = "/data/lake";

    @Test
    void committedDagIsTheGeneratedOne() throws Exception {
        String expected = new AirflowDag("bankdata", SPARK_SUBMIT, JAR, LAKE).render(PipelineDefinition.graph());
        assertThat(Files.readString(Path.of("deploy/airflow/dags/bankdata.py")))
                .as("regenerate: ./bankdata dag --format airflow --spark-submit \"%s\" --jar %s --lake %s"
                        + " -o deploy/airflow/dags/bankdata.py", SPARK_SUBMIT, JAR, LAKE)
                .isEqualTo(expected);
    }

    /** The DAG's tasks write the lake the compose file mounts into Airflow: the bankdata image's lake. */
    @Test
    void dagLakeIsTheImagesLake() throws Exception {
        DockerfileText dockerfile = DockerfileText.read(Path.of("deploy/Dockerfile"));
        assertThat(dockerfile.env(dockerfile.finalStage())).containsEntry("BANKDATA_LAKE", LAKE);
    }

    @Test
    void theDocumentedCommandIsTheOneThisTestChecks() throws Exception {
        assertThat(Files.readString(Path.of("docs/OPERATIONS.md")))
                .contains("--spark-submit \"" + SPARK_SUBMIT + "\" --jar " + JAR + " --lake " + LAKE);
    }
}
