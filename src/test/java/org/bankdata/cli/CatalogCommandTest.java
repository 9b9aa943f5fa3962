package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.bankdata.lake.LakeLayout;
import org.bankdata.lake.PublishedTable;
import org.bankdata.lake.Snapshot;
import org.bankdata.lake.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogCommandTest {
    @TempDir
    Path tmp;

    private LakeLayout lakeWithSnapshot() throws Exception {
        LakeLayout layout = new LakeLayout(tmp.resolve("lake"));
        Files.createDirectories(layout.tableVersion("dim_period", "r1"));
        Files.createDirectories(layout.tableVersion("quarantine", "r1").resolve("source=complaints"));
        Files.createDirectories(layout.tableVersion("quarantine", "r1").resolve("source=fees"));
        new SnapshotStore(layout).publish(new Snapshot("r1", Instant.parse("2026-11-29T12:00:00Z"), Map.of(
                "dim_period", new PublishedTable("dim_period", "tables/dim_period/v_r1", 8, "r1"),
                "quarantine", new PublishedTable("quarantine", "tables/quarantine/v_r1", 0, "r1"),
                "old_table", new PublishedTable("old_table", "tables/old_table/v_r1", 1, "r1"))));
        return layout;
    }

    @Test
    void locationReplacesTheLakeRootInEveryTablesLocation() throws Exception {
        LakeLayout layout = lakeWithSnapshot();
        InProcessCli.Result result = InProcessCli.bankdata("catalog", "--lake", layout.root().toString(), "--format", "hive",
                "--location", "s3://bucket/prefix/", "--database", "bk");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("CREATE DATABASE IF NOT EXISTS `bk`;\n",
                "CREATE EXTERNAL TABLE IF NOT EXISTS `bk`.`dim_period` (",
                "LOCATION 's3://bucket/prefix/tables/dim_period/v_r1';\n",
                "ALTER TABLE `bk`.`dim_period` SET LOCATION 's3://bucket/prefix/tables/dim_period/v_r1';\n",
                "ALTER TABLE `bk`.`quarantine` ADD IF NOT EXISTS PARTITION (`source`='complaints') LOCATION"
                        + " 's3://bucket/prefix/tables/quarantine/v_r1/source=complaints';\n",
                "ALTER TABLE `bk`.`quarantine` DROP IF EXISTS PARTITION (`source`='banks');\n")
                .doesNotContain("file:", "old_table", "dim_institution");
        assertThat(result.err()).contains("left out published table(s) this bankdata does not declare: old_table",
                "hive DDL for 2 table(s) of run r1's snapshot");
    }

    @Test
    void withoutLocationTheTablesAreTheLocalLakesFolders() throws Exception {
        LakeLayout layout = lakeWithSnapshot();
        InProcessCli.Result result = InProcessCli.bankdata("catalog", "--lake", layout.root().toString());
        assertThat(result.exit()).as(result.err()).isZero();
        String folder = layout.tableVersion("dim_period", "r1").toUri().toString().replaceAll("/$", "");
        assertThat(folder).startsWith("file:/");
        assertThat(result.out()).contains("CREATE EXTERNAL TABLE IF NOT EXISTS `bankdata`.`dim_period`", "LOCATION '" + folder + "/'",
                "'projection.source.values'='complaints,banks,fees'");
    }

    @Test
    void badUsageExitsTwoInTheUsersWords() throws Exception {
        LakeLayout layout = lakeWithSnapshot();
        InProcessCli.Result format = InProcessCli.bankdata("catalog", "--lake", layout.root().toString(), "--format", "oracle");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format", "oracle", "athena, hive, spark").doesNotContain("Exception");
        InProcessCli.Result location = InProcessCli.bankdata("catalog", "--lake", layout.root().toString(), "--location", "bucket/prefix");
        assertThat(location.exit()).isEqualTo(2);
        assertThat(location.err()).startsWith("error: --location bucket/prefix is not a URL like s3://bucket/prefix");
        InProcessCli.Result database = InProcessCli.bankdata("catalog", "--lake", layout.root().toString(), "--database", "My DB");
        assertThat(database.exit()).isEqualTo(2);
        assertThat(database.err()).startsWith("error: --database My DB is not lower-case letters");
        assertThat(format.out() + location.out() + database.out()).isEmpty();
    }

    @Test
    void anEmptyLakeSaysToRunFirst() {
        InProcessCli.Result result = InProcessCli.bankdata("catalog", "--lake", tmp.resolve("empty").toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("nothing is published", "bankdata run");
    }
}
