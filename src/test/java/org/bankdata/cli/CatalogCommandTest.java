package org.bankdata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bankdata catalog}'s usage errors; the printed settings are used by a real Spark in IcebergLakeIT. */
class CatalogCommandTest {
    @TempDir
    Path tmp;

    @Test
    void badUsageExitsTwoInTheUsersWords() {
        InProcessCli.Result format = InProcessCli.bankdata("catalog", "--lake", tmp.resolve("lake").toString(), "--format", "hive");
        assertThat(format.exit()).isEqualTo(2);
        assertThat(format.err()).contains("--format", "hive", "properties, conf").doesNotContain("Exception");
        assertThat(format.out()).isEmpty();
    }

    @Test
    void anEmptyLakeSaysToRunFirst() {
        InProcessCli.Result result = InProcessCli.bankdata("catalog", "--lake", tmp.resolve("empty").toString());
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("nothing is published", "bankdata run");
    }
}
