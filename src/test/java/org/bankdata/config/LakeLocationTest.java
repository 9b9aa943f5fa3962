package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.bankdata.errors.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeLocationTest {
    @Test
    void aPathAndItsFileUrlAreTheSameLocalLake(@TempDir Path dir) {
        LakeLocation path = LakeLocation.parse(dir.resolve("lake").toString());
        LakeLocation url = LakeLocation.parse(dir.resolve("lake").toUri().toString());

        assertThat(path).isEqualTo(url);
        assertThat(path.isLocal()).isTrue();
        assertThat(path.localPath()).isEqualTo(dir.resolve("lake"));
        assertThat(path.resolve("tables/_snapshot.json").localPath()).isEqualTo(dir.resolve("lake/tables/_snapshot.json"));
        assertThat(LakeLocation.local(dir)).as("an existing folder too (its URL ends in a slash)")
                .isEqualTo(LakeLocation.parse(dir.toString()));
    }

    @Test
    void anS3aUrlNamesItsBucketAndPrefix() {
        LakeLocation lake = LakeLocation.parse("s3a://my-bucket/prod//bankdata/");

        assertThat(lake.uri()).isEqualTo("s3a://my-bucket/prod/bankdata");
        assertThat(lake.bucket()).isEqualTo("my-bucket");
        assertThat(lake.prefix()).isEqualTo("prod/bankdata");
        assertThat(lake.resolve("tables/_snapshot.json").uri()).isEqualTo("s3a://my-bucket/prod/bankdata/tables/_snapshot.json");
        assertThat(LakeLocation.parse("s3a://my-bucket").prefix()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://b/x", "s3n://b/x", "gs://b/x", "hdfs://nn/x", "http://example.org/x", "abfs://c@a/x"})
    void anotherSchemeIsRefusedNamingTheSupportedOnes(String url) {
        assertThatThrownBy(() -> LakeLocation.parse(url)).isInstanceOf(UsageException.class)
                .hasMessage("lake " + url + " has scheme " + url.substring(0, url.indexOf(':')) + ":, which bankdata does not"
                        + " support; use a local path (./lake, /data/lake), a file: URL, or s3a://bucket/prefix");
    }

    @Test
    void anS3aUrlWithoutBucketIsRefused() {
        assertThatThrownBy(() -> LakeLocation.parse("s3a:///x")).isInstanceOf(UsageException.class).hasMessageContaining("bucket");
    }

    @Test
    void anInputIsALocalPathOrAnS3aUrlAndAnotherSchemeIsRefusedNamingTheOption(@TempDir Path dir) {
        assertThat(LakeLocation.parseInput("--banks", dir.resolve("banks.tsv").toString()).localPath())
                .isEqualTo(dir.resolve("banks.tsv"));
        LakeLocation banks = LakeLocation.parseInput("--banks", "s3a://in-bucket/bcb/banks/list.tsv");
        assertThat(banks.bucket()).isEqualTo("in-bucket");
        assertThat(banks.prefix()).isEqualTo("bcb/banks/list.tsv");
        assertThat(banks.name()).isEqualTo("list.tsv");
        assertThat(banks).hasToString("s3a://in-bucket/bcb/banks/list.tsv");
        assertThat(LakeLocation.local(dir.resolve("complaints")).name()).isEqualTo("complaints");

        assertThatThrownBy(() -> LakeLocation.parseInput("--complaints", "s3://in-bucket/bcb/complaints"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--complaints s3://in-bucket/bcb/complaints has scheme s3:, which bankdata does not support; use a"
                        + " local path (./in/complaints, /data/in/banks.tsv), a file: URL, or s3a://bucket/prefix");
        assertThatThrownBy(() -> LakeLocation.parseInput("--banks", " ")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--banks must not be empty");
    }
}
