package org.bankdata.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.decode;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.when;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the text files of a folder with Spark as one row per line, keeping the file name and the 1-based
 * line number so that every rejected row can be traced to {@code file:line} (Spark's CSV reader loses
 * line numbers, which is why lines are split here). Each file is decoded with its own charset.
 */
public final class TextLines {
    private TextLines() {
    }

    /** Columns: file (name only), line_number (1 = header), line (without the line break). */
    public static Dataset<Row> read(SparkSession spark, Path dir, Map<String, Charset> charsetByFile, Charset fallback) {
        return read(spark, dir.toUri().toString(), charsetByFile, fallback);
    }

    /** As {@link #read(SparkSession, Path, Map, Charset)} for the folder at {@code dirUri} (file: or s3a:). */
    public static Dataset<Row> read(SparkSession spark, String dirUri, Map<String, Charset> charsetByFile, Charset fallback) {
        Column file = regexp_extract(col("path"), "[^/]+$", 0);
        Column text = decode(col("content"), fallback.name());
        for (Map.Entry<String, Charset> entry : charsetByFile.entrySet()) {
            if (!entry.getValue().equals(fallback)) {
                text = when(file.equalTo(entry.getKey()), decode(col("content"), entry.getValue().name())).otherwise(text);
            }
        }
        return spark.read().format("binaryFile").load(dirUri)
                .select(file.as("file"), posexplode(split(text, "\r?\n")).as(new String[] {"index", "line"}))
                .select(col("file"), col("index").plus(1).cast("long").as("line_number"), col("line"));
    }
}
