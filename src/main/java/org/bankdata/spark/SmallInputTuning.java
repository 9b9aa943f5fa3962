package org.bankdata.spark;

import org.apache.spark.sql.SparkSession;

/**
 * Code generation for the size of a run's inputs. Spark compiles Java source (Janino) for every plan,
 * which pays off when a plan runs over millions of rows; over a few megabytes the compiling costs more
 * than it saves. Measured on the bundled data (4,203 input rows, 2 cores, idle host, three alternating
 * pairs): with code generation off a run took 13.2 / 13.7 / 12.2 s against 14.1 / 14.7 / 13.9 s, and
 * 1.6 s less CPU (docs/PERFORMANCE.md). Above the threshold Spark's defaults are restored, so a session
 * shared by several runs never keeps a small run's setting.
 */
public final class SmallInputTuning {
    /** Inputs up to this many bytes run interpreted. */
    public static final long SMALL_INPUT_BYTES = 64L * 1024 * 1024;

    private SmallInputTuning() {
    }

    /** Sets code generation for a run whose inputs hold {@code inputBytes}; returns whether it runs interpreted. */
    public static boolean apply(SparkSession spark, long inputBytes) {
        boolean small = inputBytes <= SMALL_INPUT_BYTES;
        spark.conf().set("spark.sql.codegen.wholeStage", Boolean.toString(!small));
        spark.conf().set("spark.sql.codegen.factoryMode", small ? "NO_CODEGEN" : "FALLBACK");
        return small;
    }
}
