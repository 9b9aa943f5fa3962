package org.bankdata.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.TestSpark;
import org.bankdata.config.LakeLocation;
import org.bankdata.lake.S3TestServer;
import org.junit.jupiter.api.Test;

/**
 * {@link TextLines} reads an {@code s3a://} folder as it reads a local one (S3Proxy on 127.0.0.1, the settings a lake on
 * S3 gives Spark): a file larger than a block is split across Spark tasks, and every line keeps its exact number.
 */
class TextLinesS3IT {
    @Test
    void aFileOnS3ReadInSeveralBlocksKeepsEveryLineAndItsNumber() throws Exception {
        S3TestServer server = S3TestServer.shared();
        LakeLocation dir = server.newLake("raw/complaints/run=1");
        int lines = 20_000;
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            text.append("line ").append(i).append(";ção\r\n");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        server.putObject(dir.resolve("2021_tri_01.csv"), bytes);
        assertThat(bytes.length).isGreaterThan(4 * 65_536);

        // the session of the bucket's S3 settings; blocks of 64 KiB in a session of its own on the same context
        SparkSession spark = TestSpark.session(server.settings()).newSession();
        spark.conf().set("spark.sql.files.maxPartitionBytes", "65536");
        try {
            Dataset<Row> read = TextLines.read(spark, dir.uri(), Map.of(), StandardCharsets.UTF_8);
            assertThat(read.rdd().getNumPartitions()).as("blocks read by separate tasks").isGreaterThan(4);
            List<Row> rows = read.collectAsList();

            assertThat(rows).hasSize(lines);
            assertThat(rows).allSatisfy(row -> {
                assertThat(row.getString(0)).isEqualTo("2021_tri_01.csv");
                assertThat(row.getString(2)).isEqualTo("line " + row.getLong(1) + ";ção");
            });
            assertThat(rows.stream().map(row -> row.getLong(1)).distinct().count()).isEqualTo(lines);
        } finally {
            TestSpark.stop();
        }
    }
}
