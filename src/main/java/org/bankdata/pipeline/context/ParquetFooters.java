package org.bankdata.pipeline.context;

import java.io.IOException;
import org.bankdata.config.LakeLocation;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.bankdata.errors.LakeException;

/**
 * Counts the rows of a written Parquet folder from the files' footers, without a Spark job: on small
 * tables a job costs far more than reading a few footers.
 */
final class ParquetFooters {
    private ParquetFooters() {
    }

    static long rowCount(SparkSession spark, LakeLocation dir) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.uri());
        try {
            FileSystem fs = folder.getFileSystem(conf);
            long rows = 0;
            for (FileStatus file : fs.listStatus(folder, p -> p.getName().endsWith(".parquet"))) {
                try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromStatus(file, conf))) {
                    rows += reader.getRecordCount();
                }
            }
            return rows;
        } catch (IOException e) {
            throw new LakeException("cannot read the Parquet footers in " + dir + ": " + e.getMessage(), e);
        }
    }
}
