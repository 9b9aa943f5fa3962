package org.bankdata.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.CollectionAccumulator;

/**
 * What the one pass over a source's checked lines tells the driver, so that nothing else has to read the source again:
 * each partition read to its end sends, through a Spark accumulator, its rejected rows as quarantine rows (when there
 * are at most {@link #MAX_REJECTED} of them) and, for each key a parser picks (e.g. a ranking row's quarter), its first
 * row by file and line. A partition read twice (a task run again) sends the same report twice, which counts once; a
 * task that failed sends nothing. The driver uses the reports only when every partition sent one
 * ({@link #complete()}); otherwise the caller reads the source again, as a Spark query.
 */
public final class LinePass implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Rejected rows one partition keeps for the driver; with more, the quarantine is written by a Spark query. */
    static final int MAX_REJECTED = 10_000;
    /** Orders rows (file, line, ...) as Spark orders them by file then line: file names by their UTF-8 bytes. */
    public static final Comparator<Row> BY_FILE_AND_LINE = byFileAndLine(0);
    /** Orders quarantine rows (source, file, line, ...) the same way. */
    private static final Comparator<Row> QUARANTINE_BY_FILE_AND_LINE = byFileAndLine(1);

    private final CollectionAccumulator<PartitionReport> reports;
    private final int partitions;

    private LinePass(CollectionAccumulator<PartitionReport> reports, int partitions) {
        this.reports = reports;
        this.partitions = partitions;
    }

    /** One partition's report: its quarantine rows ({@code null} when it had too many) and its first row per key. */
    record PartitionReport(int partition, List<Row> rejected, Map<Object, Row> firsts) implements Serializable {
    }

    /** What every partition reported: the quarantine rows by file and line, and the first row (by file and line) per key. */
    public record Reports(List<Row> rejected, Map<Object, Row> firsts) {
    }

    /** Rows by the file name in column {@code file} (its UTF-8 bytes, as Spark orders strings), then the line after it. */
    private static Comparator<Row> byFileAndLine(int file) {
        return Comparator.comparing((Row r) -> UTF8String.fromString(r.getString(file))).thenComparingLong(r -> r.getLong(file + 1));
    }

    /** A pass over an RDD of {@code partitions} partitions, reporting to the driver of {@code spark}. */
    public static LinePass register(SparkSession spark, int partitions) {
        return new LinePass(spark.sparkContext().collectionAccumulator("line pass"), partitions);
    }

    /**
     * The checked rows of one partition, unchanged, noting as they go by: {@code rejected} gives a row's quarantine row
     * (source, file, line, reason, raw) or {@code null} when the row is valid; {@code key} a valid row's key or
     * {@code null}; {@code first} the row (file, line, ...) to keep for the first row of a key. Reports when the last
     * row was read.
     */
    public Iterator<Row> watch(Iterator<Row> checked, Function<Row, Row> rejected, Function<Row, Object> key,
            Function<Row, Row> first) {
        return new Iterator<>() {
            private List<Row> quarantine = new ArrayList<>();
            private final Map<Object, Row> firsts = new HashMap<>();
            private boolean reported;

            @Override
            public boolean hasNext() {
                boolean more = checked.hasNext();
                if (!more && !reported) {
                    reported = true;
                    reports.add(new PartitionReport(TaskContext.getPartitionId(), quarantine, firsts));
                }
                return more;
            }

            @Override
            public Row next() {
                if (!checked.hasNext()) {
                    throw new NoSuchElementException();
                }
                Row row = checked.next();
                Row bad = rejected.apply(row);
                if (bad != null) {
                    if (quarantine != null) {
                        quarantine.add(bad);
                        if (quarantine.size() > MAX_REJECTED) {
                            quarantine = null;
                        }
                    }
                } else {
                    Object k = key.apply(row);
                    if (k != null) {
                        Row candidate = first.apply(row);
                        firsts.merge(k, candidate, (a, b) -> BY_FILE_AND_LINE.compare(a, b) <= 0 ? a : b);
                    }
                }
                return row;
            }
        };
    }

    /** The reports of every partition, merged, once each partition was read to its end and kept its rejected rows. */
    public Optional<Reports> complete() {
        Map<Integer, PartitionReport> byPartition = new HashMap<>();
        for (PartitionReport report : reports.value()) {
            byPartition.putIfAbsent(report.partition(), report);
        }
        if (byPartition.size() < partitions || byPartition.values().stream().anyMatch(r -> r.rejected() == null)) {
            return Optional.empty();
        }
        List<Row> rejected = new ArrayList<>();
        Map<Object, Row> firsts = new HashMap<>();
        for (PartitionReport report : byPartition.values()) {
            rejected.addAll(report.rejected());
            report.firsts().forEach((k, row) -> firsts.merge(k, row, (a, b) -> BY_FILE_AND_LINE.compare(a, b) <= 0 ? a : b));
        }
        rejected.sort(QUARANTINE_BY_FILE_AND_LINE);
        return Optional.of(new Reports(List.copyOf(rejected), Map.copyOf(firsts)));
    }
}
