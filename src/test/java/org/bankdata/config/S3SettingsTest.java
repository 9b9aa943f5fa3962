package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.api.Test;

class S3SettingsTest {
    @Test
    void theAwsVariablesAloneReachAnS3CompatibleServer() {
        S3Settings s3 = S3Settings.read(Map.of("AWS_ACCESS_KEY_ID", "AK", "AWS_SECRET_ACCESS_KEY", "SK",
                "AWS_ENDPOINT_URL_S3", "http://10.0.0.5:9000"), Map.of());

        assertThat(s3.properties()).containsEntry("fs.s3a.access.key", "AK").containsEntry("fs.s3a.secret.key", "SK")
                .containsEntry("fs.s3a.endpoint", "http://10.0.0.5:9000")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.connection.ssl.enabled", "false")
                .containsEntry("fs.s3a.endpoint.region", "us-east-1")
                .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        assertThat(s3.endpoint()).isEqualTo("http://10.0.0.5:9000");
    }

    @Test
    void withoutKeysTheSdkChainReadsProfilesAndTheRegionComesFromItsVariable() {
        S3Settings s3 = S3Settings.read(Map.of("AWS_PROFILE", "bankdata", "AWS_DEFAULT_REGION", "sa-east-1"), Map.of());

        assertThat(s3.properties()).containsEntry("fs.s3a.aws.credentials.provider",
                "com.amazonaws.auth.DefaultAWSCredentialsProviderChain").containsEntry("fs.s3a.endpoint.region", "sa-east-1")
                .doesNotContainKeys("fs.s3a.endpoint", "fs.s3a.access.key", "fs.s3a.path.style.access");
        assertThat(s3.endpoint()).contains("AWS S3");
    }

    @Test
    void withoutKeysOnHadoop34TheProviderChainIsLeftToS3AAndThePlatform() {
        S3Settings s3 = S3Settings.read(Map.of("AWS_REGION", "sa-east-1"), Map.of(), "3.4.1");

        assertThat(s3.properties()).doesNotContainKey("fs.s3a.aws.credentials.provider")
                .containsEntry("fs.s3a.endpoint.region", "sa-east-1");
        assertThat(S3Settings.read(Map.of(), Map.of(), "3.3.4").properties())
                .containsEntry("fs.s3a.aws.credentials.provider", "com.amazonaws.auth.DefaultAWSCredentialsProviderChain");
        assertThat(S3Settings.read(Map.of("AWS_ACCESS_KEY_ID", "AK", "AWS_SECRET_ACCESS_KEY", "SK"), Map.of(), "3.4.1")
                .properties()).as("keys given: the provider that reads them, on any Hadoop")
                .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    }

    @Test
    void aSessionTokenUsesTemporaryCredentialsAndHttpsKeepsTls() {
        S3Settings s3 = S3Settings.read(Map.of("AWS_ACCESS_KEY_ID", "AK", "AWS_SECRET_ACCESS_KEY", "SK",
                "AWS_SESSION_TOKEN", "T", "AWS_ENDPOINT_URL", "https://s3.example.org"), Map.of());

        assertThat(s3.properties()).containsEntry("fs.s3a.session.token", "T")
                .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.TemporaryAWSCredentialsProvider")
                .containsEntry("fs.s3a.connection.ssl.enabled", "true");
    }

    @Test
    void retriesAreBoundedAndAUsersSettingsWin() {
        S3Settings s3 = S3Settings.read(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"),
                Map.of("spark.hadoop.fs.s3a.attempts.maximum", "5", "fs.s3a.path.style.access", "false"));

        assertThat(s3.properties()).containsEntry("fs.s3a.attempts.maximum", "5").containsEntry("fs.s3a.retry.limit", "2")
                .containsEntry("fs.s3a.connection.establish.timeout", "5000")
                .containsEntry("fs.s3a.directory.marker.retention", "keep")
                .containsEntry("fs.s3a.path.style.access", "false");
        // no output committer: Iceberg writes each data file in place and commits the table once
        assertThat(s3.sparkProperties()).containsEntry("spark.hadoop.fs.s3a.attempts.maximum", "5")
                .doesNotContainKeys("spark.sql.sources.commitProtocolClass", "spark.sql.parquet.output.committer.class",
                        "spark.hadoop.fs.s3a.committer.name");
        assertThat(s3.sparkProperties("spark://10.0.0.5:7077")).doesNotContainKey("spark.hadoop.fs.s3a.committer.name");
    }

    @Test
    void aSettingThatIsNotS3AIsRefusedAndSecretsAreNeverShown() {
        assertThatThrownBy(() -> S3Settings.read(Map.of(), Map.of("spark.executor.memory", "4g")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--conf spark.executor.memory is not an S3 setting");
        assertThatThrownBy(() -> S3Settings.read(Map.of("AWS_ENDPOINT_URL_S3", "not a url"), Map.of()))
                .isInstanceOf(UsageException.class);

        String shown = S3Settings.read(Map.of("AWS_ACCESS_KEY_ID", "AKIDSECRET", "AWS_SECRET_ACCESS_KEY", "VERYSECRET"),
                Map.of()).toString();
        assertThat(shown).doesNotContain("AKIDSECRET").doesNotContain("VERYSECRET");
    }
}
