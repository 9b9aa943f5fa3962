package org.bankdata.source;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.Partition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.datasources.FilePartition;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.bankdata.errors.BadInputException;

/**
 * Reads the text files of a folder with Spark as one row per line, keeping the file name and the 1-based
 * line number so that every rejected row can be traced to {@code file:line} (Spark's CSV reader loses
 * line numbers, which is why lines are split here). Each file is decoded with its own charset.
 *
 * <p>A large file is split across Spark tasks: Spark's text source cuts each file into blocks at line breaks
 * ({@code spark.sql.files.maxPartitionBytes}, and fewer bytes per block when the input is small against the
 * cluster's cores). Lines are split at the byte {@code \n} and carried as bytes, then decoded line by line with
 * the file's charset: for the charsets of the sources (UTF-8, cp1252) the byte {@code \n} is always a line break,
 * so each line decodes exactly as in the whole text, broken bytes included (U+FFFD). Line numbers stay exact: the
 * driver counts the lines of every planned block from the file's bytes ({@link BlockLineCounts}, no Spark job), and
 * the one pass numbers each line from the lines of the blocks before it. When Spark planned each file as one block
 * (small inputs, such as the bundled ranking files), nothing is counted: a line's number is its place in its file.
 *
 * <p>The lines are those of the whole text split at {@code \r?\n}: one {@code \r} before a {@code \n} is not
 * part of the line, any other {@code \r} is (also at the end of a last line with no line break after it).
 */
public final class TextLines {
    /** The rows {@link #read} returns. */
    public static final StructType SCHEMA = new StructType()
            .add("file", DataTypes.StringType, false)
            .add("line_number", DataTypes.LongType, false)
            .add("line", DataTypes.StringType, false);

    private TextLines() {
    }

    /** Columns: file (name only), line_number (1 = header), line (without the line break). */
    public static Dataset<Row> read(SparkSession spark, Path dir, Map<String, Charset> charsetByFile, Charset fallback) {
        return read(spark, dir.toUri().toString(), charsetByFile, fallback);
    }

    /** As {@link #read(SparkSession, Path, Map, Charset)} for the folder at {@code dirUri} (file: or s3a:). */
    public static Dataset<Row> read(SparkSession spark, String dirUri, Map<String, Charset> charsetByFile, Charset fallback) {
        return spark.createDataFrame(lines(spark, dirUri, charsetByFile, fallback), SCHEMA);
    }

    /** As {@link #read(SparkSession, String, Map, Charset)}, as the rows of an RDD (for a parser's own pass over them). */
    public static JavaRDD<Row> lines(SparkSession spark, String dirUri, Map<String, Charset> charsetByFile, Charset fallback) {
        Dataset<Row> text = spark.read().option("lineSep", "\n").text(dirUri);
        JavaRDD<Row> blocks = text.select(col("_metadata.file_path"), col("_metadata.file_block_start"),
                col("value").cast("binary")).javaRDD();
        Map<String, String> charsets = new HashMap<>();
        Map<String, Boolean> endsWithLineBreak = new HashMap<>();
        for (String file : text.inputFiles()) {
            String name = fileName(file);
            charsets.put(name, charsetByFile.getOrDefault(name, fallback).name());
            endsWithLineBreak.put(name, endsWithLineBreak(spark, new org.apache.hadoop.fs.Path(URI.create(file))));
        }
        LineNumbering numbering = isEachFileOneBlock(blocks)
                ? LineNumbering.ofWholeFiles(endsWithLineBreak, charsets)
                : LineNumbering.of(BlockLineCounts.of(spark.sparkContext().hadoopConfiguration(), blocks.rdd().partitions()),
                        endsWithLineBreak, charsets);
        return blocks.mapPartitions(numbering::lines);
    }

    /**
     * Whether Spark planned every file as one block starting at its first byte (small inputs, e.g. the bundled data): then
     * each line's number is its place in its block, and no pass is needed to count the lines of the blocks first.
     */
    private static boolean isEachFileOneBlock(JavaRDD<Row> blocks) {
        for (Partition partition : blocks.rdd().partitions()) {
            if (!(partition instanceof FilePartition files)) {
                return false;
            }
            for (PartitionedFile file : files.files()) {
                if (file.start() != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The file name of a file's URI as Spark gives it (URL-encoded): the name as on disk. */
    static String fileName(String uri) {
        return new org.apache.hadoop.fs.Path(URI.create(uri)).getName();
    }

    /** Whether the file's last byte is {@code \n} (an empty file counts as ending with one: it has no last line). */
    private static boolean endsWithLineBreak(SparkSession spark, org.apache.hadoop.fs.Path path) {
        try {
            FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
            long length = fs.getFileStatus(path).getLen();
            if (length == 0) {
                return true;
            }
            try (FSDataInputStream in = fs.open(path)) {
                in.seek(length - 1);
                return in.read() == '\n';
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lines of one block of a file: the file's URI as Spark gives it, its name, the block's first byte in the
     * file, how many lines start in the block.
     */
    static final class BlockLines implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        final String uri;
        final String file;
        final long start;
        long lines;

        BlockLines(String uri, String file, long start, long lines) {
            this.uri = uri;
            this.file = file;
            this.start = start;
            this.lines = lines;
        }
    }
}
