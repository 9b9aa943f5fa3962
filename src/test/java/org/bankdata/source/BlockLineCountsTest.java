package org.bankdata.source;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link BlockLineCounts} counts, from a file's bytes, as many lines per block as Spark's text source reads from that
 * block: worked by hand for a few bytes, and against the rows Spark itself reads from random files cut into blocks of
 * 2 to 64 bytes (line breaks on block edges, at the first and last byte, files with no line break, empty lines).
 */
class BlockLineCountsTest {
    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void aLineBreakCountsForTheBlockHoldingItUnlessItIsTheLastByte() throws IOException {
        // "a\nb\n" in blocks [0,2) and [2,4): lines start at 0 and 2, both read by the first block
        assertThat(counts("a\nb\n", 0L, 2L, 2L, 4L)).containsExactly(2L, 0L);
        // "a\nbc\nd" in [0,1), [1,3), [3,6): lines at 0 (first block), 2 (second: 1 < 2 <= 3), 5 (third)
        assertThat(counts("a\nbc\nd", 0L, 1L, 1L, 3L, 3L, 6L)).containsExactly(1L, 1L, 1L);
        // "\n\n" in [0,1), [1,2): lines at 0 and 1 (both first block: 1 <= 1); the break at the last byte starts none
        assertThat(counts("\n\n", 0L, 1L, 1L, 2L)).containsExactly(2L, 0L);
        assertThat(counts("", 0L, 0L)).containsExactly(0L);
    }

    @Test
    void theCountsAreTheLinesSparkReadsFromEachBlock() throws IOException {
        Random random = new Random(20261207L);
        byte[] alphabet = {'a', ';', '\n', '\n', '\r', (byte) 0xC3, (byte) 0xA9};
        for (int f = 0; f < 6; f++) {
            byte[] bytes = new byte[f == 0 ? 5 : 50 + random.nextInt(200)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = f == 1 ? (byte) 'x' : alphabet[random.nextInt(alphabet.length)];
            }
            if (f == 2) {
                bytes[0] = '\n';
                bytes[bytes.length - 1] = '\n';
            }
            Files.write(dir.resolve("f" + f + ".txt"), bytes);
        }
        for (int blockBytes : List.of(2, 3, 7, 64)) {
            SparkSession blocks = spark.newSession();
            blocks.conf().set("spark.sql.files.maxPartitionBytes", Integer.toString(blockBytes));
            Dataset<Row> text = blocks.read().option("lineSep", "\n").text(dir.toUri().toString());
            Map<String, Long> read = text.select(col("_metadata.file_path"), col("_metadata.file_block_start")).collectAsList()
                    .stream().collect(Collectors.groupingBy(r -> TextLines.fileName(r.getString(0)) + "@" + r.getLong(1),
                            TreeMap::new, Collectors.counting()));
            Map<String, Long> counted = BlockLineCounts.of(spark.sparkContext().hadoopConfiguration(),
                    text.javaRDD().rdd().partitions()).stream().filter(b -> b.lines > 0)
                    .collect(Collectors.toMap(b -> b.file + "@" + b.start, b -> b.lines, (a, b) -> a, TreeMap::new));
            assertThat(counted).as("blocks of %d bytes", blockBytes).isEqualTo(read);
        }
    }

    /** {@code blocks}: start, end, start, end, ... */
    private static List<Long> counts(String text, Long... blocks) throws IOException {
        TreeMap<Long, Long> byStart = new TreeMap<>();
        for (int i = 0; i < blocks.length; i += 2) {
            byStart.put(blocks[i], blocks[i + 1]);
        }
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return BlockLineCounts.count(new ByteArrayInputStream(bytes), bytes.length, "file:/x", "x", byStart).stream()
                .map(b -> b.lines).toList();
    }
}
