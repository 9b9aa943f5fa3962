package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bankdata.BundledData;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a lake the earlier bankdata wrote, once {@code bankdata migrate} converted it (the fixture of
 * {@link MigrateCommandTest}): it publishes on the migrated release, the history holds both runs, and the earlier
 * release stays readable with {@code --as-of}.
 */
class MigratedLakeRunIT {
    private static final String RUN = MigrateCommandTest.RUN;

    @TempDir
    Path lake;

    @BeforeEach
    void copyTheFixture() throws IOException {
        MigrateCommandTest.copyFixture(lake);
    }

    @Test
    void aRunOnTheMigratedLakePublishesOnItsReleaseAndTheHistoryHoldsBothRuns() {
        assertThat(InProcessCli.bankdata("migrate", "--lake", lake.toString()).exit()).isZero();
        TestSpark.session();
        InProcessCli.Result run = InProcessCli.bankdata("run", "--complaints", BundledData.complaints().toString(), "--banks",
                BundledData.bankList().toString(), "--lake", lake.toString(), "--quiet", "--format", "csv");
        assertThat(run.exit()).as(run.err()).isIn(0, Main.EXIT_WARNINGS);

        InProcessCli.Result runs = InProcessCli.bankdata("runs", "--lake", lake.toString(), "--format", "csv");
        List<String[]> rows = runs.out().lines().skip(1).map(l -> l.split(",", -1)).toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1)[0]).isEqualTo(RUN);
        assertThat(rows.get(1)[8]).isEqualTo("readable");
        assertThat(rows.get(0)[8]).isEqualTo("current");
        InProcessCli.Result facts = InProcessCli.bankdata("query", "--lake", lake.toString(), "--format", "csv",
                "SELECT sum(total_complaints) AS total FROM fact_complaints");
        InProcessCli.Result earlier = InProcessCli.bankdata("query", "--lake", lake.toString(), "--as-of", RUN, "--format",
                "csv", "SELECT sum(total_complaints) AS total FROM fact_complaints");
        assertThat(facts.out()).isEqualTo("total\n" + BundledTotals.totalComplaints() + "\n").isEqualTo(earlier.out());
    }
}
