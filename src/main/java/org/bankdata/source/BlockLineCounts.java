package org.bankdata.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.Partition;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.bankdata.errors.BadInputException;

/**
 * How many lines Spark's text source reads from each planned block of a file, counted on the driver from the file's
 * bytes, without a Spark job. Hadoop's line reader (the one Spark's text source uses, with the line separator
 * {@code \n}) gives the block of bytes {@code [s, e)} the lines that start in {@code (s, e]} (the first block: in
 * {@code [0, e]}), a line starting at byte 0 or right after a {@code \n} byte, before the end of the file. So a
 * {@code \n} at byte {@code i} starts a line of the block holding byte {@code i}, unless it is the file's last byte,
 * and the first block also has the file's first line. Reading a file's bytes once is far cheaper than a Spark pass
 * over its rows, which costs a job with its planning and the decoding of every row.
 */
final class BlockLineCounts {
    private static final int BUFFER = 1 << 16;

    private BlockLineCounts() {
    }

    /** The lines of every planned block of every file among {@code partitions} (partitions of Spark's text source). */
    static List<TextLines.BlockLines> of(Configuration hadoop, Partition[] partitions) {
        Map<String, TreeMap<Long, Long>> blocksByFile = new TreeMap<>();
        for (Partition partition : partitions) {
            for (PartitionedFile file : ((FilePartition) partition).files()) {
                blocksByFile.computeIfAbsent(file.urlEncodedPath(), f -> new TreeMap<>()).put(file.start(), file.start() + file.length());
            }
        }
        List<TextLines.BlockLines> counts = new ArrayList<>();
        blocksByFile.forEach((uri, blocks) -> counts.addAll(ofFile(hadoop, uri, blocks)));
        return counts;
    }

    /** {@code blocks}: block start → block end (exclusive), the blocks of the file at {@code uri} in order. */
    private static List<TextLines.BlockLines> ofFile(Configuration hadoop, String uri, TreeMap<Long, Long> blocks) {
        Path path = new Path(URI.create(uri));
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            long length = fs.getFileStatus(path).getLen();
            try (InputStream in = fs.open(path)) {
                return count(in, length, uri, TextLines.fileName(uri), blocks);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The counting itself, over the file's bytes from {@code in} ({@code length} bytes). */
    static List<TextLines.BlockLines> count(InputStream in, long length, String uri, String name, TreeMap<Long, Long> blocks)
            throws IOException {
        List<TextLines.BlockLines> counts = new ArrayList<>();
        for (long start : blocks.keySet()) {
            counts.add(new TextLines.BlockLines(uri, name, start, start == 0 && length > 0 ? 1 : 0));
        }
        long[] ends = blocks.values().stream().mapToLong(Long::longValue).toArray();
        long[] starts = blocks.keySet().stream().mapToLong(Long::longValue).toArray();
        int block = 0;
        byte[] buffer = new byte[BUFFER];
        long position = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            for (int i = 0; i < read; i++) {
                if (buffer[i] == '\n') {
                    long at = position + i;
                    while (block < ends.length && ends[block] <= at) {
                        block++;
                    }
                    if (at < length - 1 && block < ends.length && starts[block] <= at) {
                        counts.get(block).lines++;
                    }
                }
            }
            position += read;
        }
        return counts;
    }
}
