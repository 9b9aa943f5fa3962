package org.bankdata.pipeline;

import org.bankdata.bcb.complaints.RankingFiles;
import org.bankdata.config.LakeLocation;
import org.bankdata.config.RunConfig;
import org.bankdata.config.S3Settings;
import org.bankdata.lake.InputStorage;

/**
 * How many partitions a run's shuffles (joins, aggregations, sorts) use, from the size of its file inputs (the ranking
 * files and the bank list; the fee answers grow with the ranked institutions). Each partition is a task of every
 * shuffle stage and a file of every table written after one: on the bundled data (≈ 0.3 MB) one partition does the
 * work of four with a quarter of the tasks, and a sort over one partition needs no sampling job. Larger inputs get
 * one partition per {@value #BYTES_PER_PARTITION} bytes, up to {@value #MAX}.
 */
public final class ShufflePartitions {
    /** The Spark setting a run sets (and gives back to a session it shares when it ends). */
    public static final String SETTING = "spark.sql.shuffle.partitions";
    /** Input bytes per shuffle partition. */
    static final long BYTES_PER_PARTITION = 8L << 20;
    /** At most this many partitions (the session's former fixed setting). */
    static final int MAX = 4;

    private ShufflePartitions() {
    }

    /** The partitions for a run over {@code config}'s local inputs. */
    public static int of(RunConfig config) {
        try (InputStorage inputs = InputStorage.open(S3Settings.none())) {
            return of(config, inputs);
        }
    }

    /** The partitions for a run over {@code config}'s inputs, local or on S3 (sizes from a listing, nothing read). */
    public static int of(RunConfig config, InputStorage inputs) {
        long bytes = inputs.size(config.bankList());
        for (LakeLocation file : RankingFiles.in(inputs, config.complaintsDir())) {
            bytes += inputs.size(file);
        }
        return forInputBytes(bytes);
    }

    /** One partition per {@link #BYTES_PER_PARTITION} bytes of input, at least 1 and at most {@link #MAX}. */
    static int forInputBytes(long bytes) {
        long partitions = (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
        return (int) Math.max(1, Math.min(MAX, partitions));
    }
}
