package org.bankdata.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.split;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads text files with Spark as one row per line, keeping the file name and the 1-based line number so
 * that every rejected row can be traced to {@code file:line}. Files are decoded with the given charset
 * (Spark's CSV reader loses line numbers, which is why lines are split here).
 */
public final class TextLines {
    private TextLines() {
    }

    /** Columns: file (name only), line_number (1 = header), line (without the line break). */
    public static Dataset<Row> read(SparkSession spark, List<Path> files, String charset) {
        String[] paths = files.stream().map(p -> p.toAbsolutePath().toUri().toString()).toArray(String[]::new);
        return spark.read().format("binaryFile").load(paths)
                .select(regexp_extract(col("path"), "[^/]+$", 0).as("file"),
                        posexplode(split(decode(col("content"), charset), "\r?\n")).as(new String[] {"index", "line"}))
                .select(col("file"), col("index").plus(1).cast("long").as("line_number"), col("line"));
    }
}
