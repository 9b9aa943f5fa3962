package org.bankdata.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bankdata.bcb.complaints.RankingFiles;
import org.bankdata.config.RunConfig;

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

    /** The partitions for a run over {@code config}'s inputs. */
    public static int of(RunConfig config) {
        long bytes = size(config.bankList());
        for (Path file : RankingFiles.in(config.complaintsDir())) {
            bytes += size(file);
        }
        return forInputBytes(bytes);
    }

    /** One partition per {@link #BYTES_PER_PARTITION} bytes of input, at least 1 and at most {@link #MAX}. */
    static int forInputBytes(long bytes) {
        long partitions = (bytes + BYTES_PER_PARTITION - 1) / BYTES_PER_PARTITION;
        return (int) Math.max(1, Math.min(MAX, partitions));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file, e);
        }
    }
}
