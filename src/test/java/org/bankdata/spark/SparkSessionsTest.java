package org.bankdata.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.bankdata.TestSpark;
import org.bankdata.config.S3Settings;
import org.bankdata.errors.SparkSettingsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One Spark session per lake configuration: the same settings give the running session back, other ones are an error
 * naming the setting (never a silent change of the running context's Hadoop settings), and once the running session
 * is stopped other settings give a new session holding them.
 */
class SparkSessionsTest {
    private static final String SECRET = "not-to-be-printed-0123";
    private static final S3Settings LAKE_A = new S3Settings(Map.of("fs.s3a.endpoint", "http://127.0.0.1:9",
            "fs.s3a.secret.key", SECRET, "fs.s3a.path.style.access", "true"));
    private static final S3Settings LAKE_B = new S3Settings(Map.of("fs.s3a.endpoint", "http://127.0.0.1:10",
            "fs.s3a.secret.key", SECRET, "fs.s3a.path.style.access", "true"));

    @AfterAll
    static void stopTheSessionsMadeHere() {
        TestSpark.stop();
    }

    @Test
    void theSameSettingsGiveTheRunningSessionBackAndAnyLocalMasterIsServedByTheLocalSession() {
        SparkSession running = TestSpark.session();

        assertThat(SparkSessions.create("local[2]")).isSameAs(running);
        assertThat(SparkSessions.create("local[*]", S3Settings.none())).isSameAs(running);
    }

    @Test
    void s3SettingsForALocalSessionAreAnErrorNamingTheSettingAndChangeNothing() {
        SparkSession running = TestSpark.session();

        assertThatThrownBy(() -> SparkSessions.create("local[2]", LAKE_A))
                .isInstanceOf(SparkSettingsException.class)
                .hasMessageContaining("fs.s3a.endpoint is not set in the running session")
                .hasMessageContaining("process of its own")
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(((SparkSettingsException) e).exitCode()).isEqualTo(2));

        assertThat(running.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint")).as("not lake A's")
                .isNotEqualTo("http://127.0.0.1:9");
        assertThat(running.sparkContext().isStopped()).isFalse();
        assertThat(SparkSessions.create("local[2]")).isSameAs(running);
    }

    @Test
    void anotherMasterIsAnErrorNamingBoth() {
        TestSpark.session();

        assertThatThrownBy(() -> SparkSessions.create("spark://127.0.0.1:7077"))
                .isInstanceOf(SparkSettingsException.class)
                .hasMessage("this process already runs Spark on master local[2]; work on spark://127.0.0.1:7077 needs a"
                        + " process of its own");
    }

    @Test
    void anotherLakesS3SettingsAreAnErrorAndAfterAStopANewSessionHoldsThem() {
        TestSpark.stop();
        SparkSession a = SparkSessions.create("local[2]", LAKE_A);
        assertThat(a.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:9");
        assertThat(SparkSessions.create("local[2]", LAKE_A)).isSameAs(a);

        assertThatThrownBy(() -> SparkSessions.create("local[2]", LAKE_B))
                .isInstanceOf(SparkSettingsException.class)
                .hasMessageContaining("(fs.s3a.endpoint differs)").hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> SparkSessions.create("local[2]", S3Settings.none()))
                .isInstanceOf(SparkSettingsException.class)
                .hasMessageContaining("fs.s3a.endpoint is set in the running session but not for this lake");
        assertThat(a.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint")).as("unchanged")
                .isEqualTo("http://127.0.0.1:9");

        SparkSessions.stop();
        SparkSession b = SparkSessions.create("local[2]", LAKE_B);
        assertThat(b).isNotSameAs(a);
        assertThat(a.sparkContext().isStopped()).isTrue();
        assertThat(b.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint")).isEqualTo("http://127.0.0.1:10");

        SparkSession local = TestSpark.session();
        assertThat(local.sparkContext().hadoopConfiguration().get("fs.s3a.endpoint")).as("neither lake's")
                .isNotIn("http://127.0.0.1:9", "http://127.0.0.1:10");
        assertThat(b.sparkContext().isStopped()).isTrue();
    }
}
