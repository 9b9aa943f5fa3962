package org.bankdata.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bankdata.RawBcbFiles;
import org.bankdata.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextLines} cut into blocks of a few bytes (so lines, {@code \r\n} pairs and multi-byte characters
 * straddle blocks) gives the lines of each whole file decoded at once and split at {@code \r?\n}, numbered
 * from 1: the reading the parsers had when each file was one row.
 */
class TextLinesTest {
    private static final Charset CP1252 = RawBcbFiles.CP1252;
    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path dir;

    @Test
    void smallBlocksGiveTheLinesOfTheWholeText() throws IOException {
        Random random = new Random(20211231L);
        byte[] alphabet = {'a', 'b', ';', '\t', ' ', '\n', '\n', '\r', (byte) 0xC3, (byte) 0xA9, (byte) 0xE2, (byte) 0x82,
                (byte) 0xAC, (byte) 0xEF, (byte) 0xBF, (byte) 0xBD, (byte) 0x96, (byte) 0x81, (byte) 0xFF};
        Map<String, Charset> charsets = Map.of("u tf8 ç%41.tsv", StandardCharsets.UTF_8, "cp1252.csv", CP1252,
                "ends-cr.csv", CP1252, "empty.csv", CP1252, "one.csv", StandardCharsets.UTF_8);
        for (String name : charsets.keySet()) {
            byte[] bytes = new byte[name.startsWith("empty") ? 0 : name.startsWith("one") ? 1 : 1_500 + random.nextInt(1_000)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = alphabet[random.nextInt(alphabet.length)];
            }
            if (name.startsWith("ends-cr")) {
                bytes[bytes.length - 2] = 'x';
                bytes[bytes.length - 1] = '\r';
            }
            Files.write(dir.resolve(name), bytes);
        }
        Files.writeString(dir.resolve("blanks.csv"), "h\n\n\r\n \nlast\r\n\n");

        List<Row> rows = readWithBlocksOf(211, charsets);

        List<String> expected = new ArrayList<>();
        List<String> actual = rows.stream().map(r -> r.getString(0) + ":" + r.getLong(1) + ":" + r.getString(2)).toList();
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                String text = new String(Files.readAllBytes(file), charsets.getOrDefault(name, StandardCharsets.UTF_8));
                String[] lines = text.split("\r?\n", -1);
                int count = text.endsWith("\n") || text.isEmpty() ? lines.length - 1 : lines.length;
                for (int i = 0; i < count; i++) {
                    expected.add(name + ":" + (i + 1) + ":" + lines[i]);
                }
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual.stream().filter(l -> l.startsWith("ends-cr.csv:")).reduce((a, b) -> b).orElseThrow()).endsWith("x\r");
    }

    /**
     * Files read whole (each one block, as small inputs are, so no pass counts lines first) give the same lines: CRLF
     * and LF breaks, blank lines, a last line without a break, one ending in a lone {@code \r}, an empty file.
     */
    @Test
    void filesReadWholeGiveTheLinesOfTheWholeText() throws IOException {
        Files.writeString(dir.resolve("a.csv"), "h\r\nx;1\r\n\r\n y \nlast");
        Files.writeString(dir.resolve("b.csv"), "h\nx\r\n");
        Files.write(dir.resolve("c.csv"), "h\nfim\r".getBytes(CP1252));
        Files.writeString(dir.resolve("d.csv"), "");
        Files.write(dir.resolve("e.csv"), "h\nSão\n".getBytes(CP1252));

        List<String> actual = TextLines.read(spark, dir, Map.of("e.csv", CP1252), StandardCharsets.UTF_8)
                .orderBy("file", "line_number").collectAsList().stream()
                .map(r -> r.getString(0) + ":" + r.getLong(1) + ":" + r.getString(2)).toList();

        assertThat(actual).containsExactly("a.csv:1:h", "a.csv:2:x;1", "a.csv:3:", "a.csv:4: y ", "a.csv:5:last",
                "b.csv:1:h", "b.csv:2:x", "c.csv:1:h", "c.csv:2:fim\r", "e.csv:1:h", "e.csv:2:São");
    }

    /** Read by a session of its own (sharing the shared one's context) whose blocks are {@code bytes} long. */
    private List<Row> readWithBlocksOf(int bytes, Map<String, Charset> charsets) {
        SparkSession blocks = spark.newSession();
        blocks.conf().set("spark.sql.files.maxPartitionBytes", Integer.toString(bytes));
        return TextLines.read(blocks, dir, charsets, StandardCharsets.UTF_8).orderBy("file", "line_number").collectAsList();
    }
}
