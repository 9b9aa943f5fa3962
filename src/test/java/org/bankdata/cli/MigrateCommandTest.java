package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bankdata migrate} on a lake written by the bankdata before the Iceberg tables (the fixture
 * {@code src/test/resources/lakes/earlier-layout}: one run on the bundled inputs): the published Parquet files become
 * the Iceberg tables' release as they are (same paths, same bytes), the answers read from them are the bundled inputs'
 * counted another way, and the run history stays.
 */
class MigrateCommandTest {
    static final Path FIXTURE = Path.of("src/test/resources/lakes/earlier-layout");
    static final String RUN = "20261207T063436Z-c54291";

    @TempDir
    Path lake;

    @BeforeEach
    void copyTheFixture() throws IOException {
        copyFixture(lake);
    }

    /** A copy of the earlier-layout lake in {@code lake}. */
    static void copyFixture(Path lake) throws IOException {
        try (Stream<Path> walk = Files.walk(FIXTURE)) {
            for (Path p : walk.toList()) {
                Path to = lake.resolve(FIXTURE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (!p.getFileName().toString().equals("README.md")) {
                    Files.copy(p, to);
                }
            }
        }
    }

    @Test
    void registersThePublishedFilesAsTheyAreAndKeepsTheRunHistory() throws Exception {
        Map<String, String> before = parquetDigests();
        InProcessCli.Result refused = InProcessCli.bankdata("query", "--lake", lake.toString(), "SELECT 1");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("bankdata migrate --lake " + lake);

        InProcessCli.Result runsBefore = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
        assertThat(runsBefore.out().lines().skip(1)).singleElement().asString().startsWith(RUN + ",succeeded,");
        assertThat(lake.resolve("catalog.db")).as("listing runs makes no catalog").doesNotExist();

        InProcessCli.Result migrate = InProcessCli.bankdata("migrate", "--lake", lake.toString());
        assertThat(migrate.exit()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("run " + RUN + "'s release of").contains("not rewritten");

        InProcessCli.Result facts = InProcessCli.bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT count(*) AS n, sum(total_complaints) AS total FROM fact_complaints");
        assertThat(facts.exit()).as(facts.err()).isZero();
        assertThat(facts.out()).isEqualTo("n,total\n892," + BundledTotals.totalComplaints() + "\n");
        InProcessCli.Result asOf = InProcessCli.bankdata("query", "--lake", lake.toString(), "--as-of", RUN, "--format",
                "csv", "SELECT count(*) AS n FROM fact_complaints");
        assertThat(asOf.out()).isEqualTo("n\n892\n");
        assertThat(parquetDigests()).as("no Parquet file rewritten, moved or added").isEqualTo(before);

        InProcessCli.Result runs = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(runs.out().lines().skip(1)).singleElement().asString().startsWith(RUN + ",succeeded,")
                .contains(",current,");
        InProcessCli.Result show = InProcessCli.bankdata("runs", "show", RUN, "--lake", lake.toString());
        assertThat(show.out()).contains("run " + RUN + ": succeeded").contains("publish");
        assertThat(lake.resolve("runs/" + RUN + ".json")).exists();

        InProcessCli.Result again = InProcessCli.bankdata("migrate", "--lake", lake.toString());
        assertThat(again.out()).contains("already holds Iceberg tables");
        InProcessCli.Result expire = InProcessCli.bankdata("expire", "--lake", lake.toString());
        assertThat(expire.exit()).as(expire.err()).isZero();
        assertThat(parquetDigests()).as("the migrated release's files stay through an expiry").isEqualTo(before);
    }

    /** Every Parquet file under tables/, by path, with its SHA-256. */
    private Map<String, String> parquetDigests() throws Exception {
        Map<String, String> digests = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(lake.resolve("tables"))) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".parquet")).toList()) {
                digests.put(lake.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        }
        return digests;
    }
}
