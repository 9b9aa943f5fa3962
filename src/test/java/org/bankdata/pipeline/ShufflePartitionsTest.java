package org.bankdata.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.config.FeesApiConfig;
import org.bankdata.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShufflePartitionsTest {
    private static final long MIB = 1L << 20;

    @TempDir
    Path tmp;

    @Test
    void onePartitionPerEightMebibytesOfInputBetweenOneAndFour() {
        assertThat(ShufflePartitions.forInputBytes(0)).isEqualTo(1);
        assertThat(ShufflePartitions.forInputBytes(300 * 1024)).isEqualTo(1);
        assertThat(ShufflePartitions.forInputBytes(8 * MIB)).isEqualTo(1);
        assertThat(ShufflePartitions.forInputBytes(8 * MIB + 1)).isEqualTo(2);
        assertThat(ShufflePartitions.forInputBytes(24 * MIB)).isEqualTo(3);
        assertThat(ShufflePartitions.forInputBytes(25 * MIB)).isEqualTo(4);
        assertThat(ShufflePartitions.forInputBytes(10_000 * MIB)).isEqualTo(4);
    }

    @Test
    void countsTheRankingFilesAndTheBankListOnly() throws IOException {
        Path complaints = Files.createDirectories(tmp.resolve("complaints"));
        Files.write(complaints.resolve("2020_1.csv"), new byte[(int) (5 * MIB)]);
        Files.write(complaints.resolve("2020_2.csv"), new byte[(int) (5 * MIB)]);
        Files.write(complaints.resolve("notes.txt"), new byte[(int) (30 * MIB)]);
        Path banks = tmp.resolve("banks.tsv");
        Files.write(banks, new byte[(int) (7 * MIB)]);
        RunConfig config = new RunConfig(complaints, banks, FeesApiConfig.defaults(), tmp.resolve("responses"),
                tmp.resolve("lake"), "local[2]");
        // 5 + 5 + 7 = 17 MiB: three partitions; the .txt file is not a ranking file
        assertThat(ShufflePartitions.of(config)).isEqualTo(3);
    }
}
