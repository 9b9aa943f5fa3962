package org.bankdata.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.bankdata.BundledData;
import org.bankdata.RawBcbFiles;
import org.bankdata.TestSpark;
import org.bankdata.bcb.banks.BankListParser;
import org.bankdata.bcb.complaints.ComplaintsRankingParser;
import org.bankdata.generate.GenerateSpec;
import org.bankdata.generate.SyntheticDataGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large input file is parsed by several Spark tasks (Spark's own task events say so), and the rows, the
 * quarantined rows and their line numbers are those of the file read whole with plain Java.
 */
class LargeInputSplitIT {
    /** Blocks of at most 1 MB: the multi-MB files below are cut into several. */
    private static final long BLOCK_BYTES = 1 << 20;
    private final SparkSession spark = TestSpark.session();

    @TempDir
    Path tmp;

    @Test
    void aLargeGeneratedBankListIsParsedBySeveralTasksWithExactLineNumbers() throws IOException {
        GenerateSpec spec = new GenerateSpec(40, GenerateSpec.DEFAULT_SEED, tmp.resolve("generated"));
        new SyntheticDataGenerator(BundledData.HOME).generate(spec);
        byte[] generated = Files.readAllBytes(spec.bankList());
        List<String> lines = new ArrayList<>(List.of(new String(generated, StandardCharsets.UTF_8).split("\n", -1)));
        // bad rows at the first data line, one in the middle (past the first block) and the last line
        int middle = lines.size() / 2;
        int last = lines.get(lines.size() - 1).isEmpty() ? lines.size() - 2 : lines.size() - 1;
        for (int index : List.of(1, middle, last)) {
            lines.set(index, "S9" + lines.get(index).substring(2));
        }
        Path dir = Files.createDirectories(tmp.resolve("landed"));
        Path file = Files.write(dir.resolve("EnquadramentoInicia_v2.tsv"), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        assertThat(Files.size(file)).isGreaterThan(4 * BLOCK_BYTES);

        Set<String> expectedValid = ConcurrentHashMap.newKeySet();
        Set<String> expectedQuarantined = ConcurrentHashMap.newKeySet();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).endsWith("\r") ? lines.get(i).substring(0, lines.get(i).length() - 1) : lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells[0].equals("S9")) {
                expectedQuarantined.add((i + 1) + "|Segmento 'S9' is not S1..S5|" + line);
            } else {
                expectedValid.add((i + 1) + "|" + cells[0] + "|" + "0".repeat(8 - cells[1].length()) + cells[1] + "|" + cells[2]);
            }
        }
        assertThat(expectedQuarantined).hasSize(3);
        assertThat(expectedValid).hasSize((int) (spec.scale() * RawBcbFiles.bankLines().size() - 3));

        TaskCounts tasks = new TaskCounts();
        Set<String> valid;
        Set<String> quarantined;
        try (ParsedRows parsed = tasks.during(() -> new BankListParser().parse(spark, dir))) {
            valid = tasks.during(() -> parsed.valid().collectAsList()).stream().map(r -> r.getLong(4) + "|" + r.getString(0)
                    + "|" + r.getString(1) + "|" + r.getString(2)).collect(Collectors.toSet());
            quarantined = parsed.quarantined().collectAsList().stream().map(r -> r.getString(1) + ":" + r.getLong(2) + "|"
                    + r.getString(3) + "|" + r.getString(4)).collect(Collectors.toSet());
        }
        assertThat(tasks.readingTasksPerStage(Files.size(file))).as("tasks of each stage that read the bank list")
                .isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThan(1));
        assertThat(valid).hasSameSizeAs(expectedValid).isEqualTo(expectedValid);
        assertThat(quarantined).isEqualTo(expectedQuarantined.stream().map(q -> file.getFileName() + ":" + q)
                .collect(Collectors.toSet()));
    }

    @Test
    void aLargeCp1252RankingFileIsParsedBySeveralTasksWithExactLineNumbers() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("complaints"));
        Path bundled = RawBcbFiles.rankingFiles().get(0);
        List<RawBcbFiles.RankingLine> rows = RawBcbFiles.allRankingLines();
        StringBuilder text = new StringBuilder(new String(RawBcbFiles.rankingHeaderBytes(bundled), RawBcbFiles.CP1252)).append("\r\n");
        while (text.length() < 4 * BLOCK_BYTES + 100_000) {
            for (RawBcbFiles.RankingLine row : rows) {
                text.append(String.join(";", row.cells()).replace("\r", "")).append("\r\n");
            }
        }
        Path file = Files.write(dir.resolve("2021_tri_01.csv"), text.toString().getBytes(RawBcbFiles.CP1252));
        List<RawBcbFiles.RankingLine> expected = RawBcbFiles.rankingLines(file, "2021_tri_01.csv");
        assertThat(expected).hasSizeGreaterThan(10 * rows.size());

        TaskCounts tasks = new TaskCounts();
        Set<String> valid;
        try (ParsedRows parsed = tasks.during(() -> new ComplaintsRankingParser().parse(spark, dir,
                Map.of("2021_tri_01.csv", (Charset) RawBcbFiles.CP1252)))) {
            valid = tasks.during(() -> parsed.valid().select("source_file", "source_line", "institution_name", "total_complaints")
                    .collectAsList()).stream().map(r -> r.getString(0) + ":" + r.getLong(1) + "|" + r.getString(2) + "|"
                    + r.getLong(3)).collect(Collectors.toSet());
            assertThat(parsed.quarantined().count()).isZero();
        }
        assertThat(tasks.readingTasksPerStage(Files.size(file))).isNotEmpty().allSatisfy(n -> assertThat(n).isGreaterThan(1));
        assertThat(valid).isEqualTo(expected.stream().map(l -> l.file() + ":" + l.line() + "|" + l.name() + "|" + l.total())
                .collect(Collectors.toSet()));
    }

    /**
     * Counts, from Spark's task-end events, the tasks of each stage that read input bytes, in the jobs of one job
     * group, with the stages that read at least a given number of bytes in all.
     */
    private final class TaskCounts extends SparkListener {
        private final String group = "large-input-" + System.nanoTime();
        private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
        private final ConcurrentLinkedQueue<long[]> reads = new ConcurrentLinkedQueue<>();

        <T> T during(Supplier<T> work) {
            spark.sparkContext().addSparkListener(this);
            spark.sparkContext().setJobGroup(group, "large input", false);
            try {
                return work.get();
            } finally {
                spark.sparkContext().clearJobGroup();
            }
        }

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            if (group.equals(job.properties().getProperty("spark.jobGroup.id"))) {
                scala.collection.JavaConverters.seqAsJavaListConverter(job.stageInfos()).asJava().forEach(s -> stages.add(s.stageId()));
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            long bytes = task.taskMetrics() == null ? 0 : task.taskMetrics().inputMetrics().bytesRead();
            if (bytes > 0) {
                reads.add(new long[] {task.stageId(), bytes});
            }
        }

        /** Per stage of the group that read at least {@code fileBytes}: how many of its tasks read input. */
        List<Long> readingTasksPerStage(long fileBytes) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Long> counts = List.of();
            while (counts.isEmpty() && System.nanoTime() < deadline) {
                Map<Long, List<long[]>> byStage = reads.stream().filter(r -> stages.contains((int) r[0]))
                        .collect(Collectors.groupingBy(r -> r[0]));
                counts = byStage.values().stream().filter(t -> t.stream().mapToLong(r -> r[1]).sum() >= fileBytes)
                        .map(t -> (long) t.size()).toList();
                sleep();
            }
            spark.sparkContext().removeSparkListener(this);
            return counts;
        }

        private static void sleep() {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
