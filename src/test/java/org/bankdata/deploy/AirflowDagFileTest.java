package org.bankdata.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    static final String JAR = "/opt/bankdata/bankdata.jar";
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

    /** The Airflow image's spark-submit starts the JVM as the launcher does: the same flags Spark needs on Java 17. */
    @Test
    void airflowImagesSparkSubmitGivesTheLaunchersJavaFlags() throws Exception {
        List<String> flags = Files.readAllLines(Path.of("deploy/airflow/spark-submit")).stream().map(String::strip)
                .filter(l -> l.startsWith("--add-opens") || l.startsWith("-Djdk."))
                .map(l -> l.replaceAll("\\s*\\\\$", "")).toList();
        assertThat(flags).containsExactlyElementsOf(LauncherScript.read(Path.of("bankdata")).javaFlags());
    }

    /** The Airflow image holds what the DAG names: bankdata's folder (the jar, lib/ and data/) and its memory defaults. */
    @Test
    void airflowImageHoldsWhatTheDagRuns() throws Exception {
        DockerfileText airflow = DockerfileText.read(Path.of("deploy/airflow/Dockerfile"));
        DockerfileText bankdata = DockerfileText.read(Path.of("deploy/Dockerfile"));
        String last = airflow.finalStage();
        assertThat(airflow.base("bankdata")).isEqualTo("${BANKDATA_IMAGE}");
        assertThat(airflow.copies()).anySatisfy(c -> {
            assertThat(c.stage()).isEqualTo(last);
            assertThat(c.from()).isEqualTo("bankdata");
            assertThat(c.sources()).containsExactly("/opt/bankdata/");
        });
        assertThat(JAR).startsWith("/opt/bankdata/");
        assertThat(bankdata.copies()).anySatisfy(c -> assertThat(c.destination()).isEqualTo(JAR));
        assertThat(airflow.env(last).get("JAVA_TOOL_OPTIONS")).isEqualTo(bankdata.env(bankdata.finalStage()).get("JAVA_TOOL_OPTIONS"));
        assertThat(airflow.globalArg("AIRFLOW_IMAGE")).startsWith("apache/airflow:2.");
        List<DockerfileText.Instruction> users = airflow.all("USER");
        assertThat(users.get(users.size() - 1).arguments()).isEqualTo("10001:0");
    }

    @Test
    void theDocumentedCommandIsTheOneThisTestChecks() throws Exception {
        assertThat(Files.readString(Path.of("docs/OPERATIONS.md")))
                .contains("--spark-submit \"" + SPARK_SUBMIT + "\" --jar " + JAR + " --lake " + LAKE);
    }
}
