package org.bankdata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    @TempDir
    Path tmp;

    private static ScaleResult result(int scale, long rows, double sparkSeconds, double duckSeconds, double sparkRss) {
        List<EngineRun> spark = List.of(new EngineRun(sparkSeconds + 5, 30, sparkRss, Map.of("extract_banks", 2.0)),
                new EngineRun(sparkSeconds, 20, sparkRss, Map.of("extract_banks", 1.0)),
                new EngineRun(sparkSeconds - 1, 10, sparkRss, Map.of("extract_banks", 3.0)));
        List<EngineRun> duck = List.of(new EngineRun(duckSeconds, 4, 100, Map.of("build_star", 0.5)));
        return new ScaleResult(scale, rows, 8, spark, duck);
    }

    @Test
    void mediansRatiosAndRowsPerSecond() {
        ScaleResult r = result(100, 400_000, 40, 10, 900);
        assertThat(r.sparkSeconds()).isEqualTo(40);
        assertThat(r.sparkCpuSeconds()).isEqualTo(20);
        assertThat(r.ratio()).isEqualTo(4);
        assertThat(r.cpuRatio()).isEqualTo(5);
        assertThat(r.sparkRowsPerSecond()).isEqualTo(10_000);
        assertThat(r.sparkMicrosPerRow()).isEqualTo(100);
        assertThat(r.sparkSteps()).containsEntry("extract_banks", 2.0);
    }

    @Test
    void targetsSayMetOrMissedFromTheFigures() {
        List<String> targets = BenchReport.targets(List.of(result(10, 40_000, 12, 3, 500), result(100, 400_000, 40, 10, 2100),
                result(1000, 4_000_000, 1500, 60, 2500)));
        assertThat(targets.get(0)).contains("4.00").contains("missed");
        assertThat(targets.get(2)).contains("1.25").contains("missed");
        assertThat(targets.get(3)).contains("2100 MB").contains("missed");
    }

    /** Two runs of each engine with steps; the pairs' sums, the whole less fees, and the fees' share of the replay. */
    @Test
    void perStepRatiosPairTheStepsThatBuildTheSameTables() {
        Map<String, Double> s1 = Map.of("extract_complaints", 6.0, "extract_banks", 3.0, "conform_conglomerates", 1.0,
                "extract_fees", 10.0, "build_dimensions", 2.0, "build_facts", 1.0, "build_charts", 2.0, "check", 0.5);
        Map<String, Double> s2 = Map.of("extract_complaints", 8.0, "extract_banks", 5.0, "conform_conglomerates", 1.0,
                "extract_fees", 12.0, "build_dimensions", 3.0, "build_facts", 1.0, "build_charts", 3.0, "check", 0.5);
        Map<String, Double> d1 = Map.of("extract_complaints", 2.0, "extract_banks", 1.0, "extract_fees", 2.0,
                "build_star", 1.0, "build_charts", 0.5, "write_parquet", 0.5);
        ScaleResult r = new ScaleResult(100, 400_000, 80, List.of(new EngineRun(30, 40, 900, s1), new EngineRun(40, 50, 900, s2)),
                List.of(new EngineRun(8, 9, 300, d1), new EngineRun(8, 9, 300, d1)), new FeesThroughput(9000, 300, 1200));

        String table = BenchReport.pairTable(List.of(r));
        // extract_complaints: median of 6 and 8 = 7 against 2; build: (1+2+1+2, 1+3+1+3) = 6, 8 -> 7 against 1+0.5+0.5 = 2
        assertThat(table).contains("| 100 | extract_complaints | 7.00 | 2.00 | 3.50 |")
                .contains("| 100 | extract_banks | 4.00 | 1.00 | 4.00 |")
                .contains("build_charts | 7.00 | 2.00 | 3.50 |")
                // whole less fees: 30-10=20, 40-12=28 -> 24 against 8-2 = 6
                .contains("| 100 | whole process less extract_fees (each engine's own) | 24.00 | 6.00 | 4.00 |")
                .contains("| 100 | whole process | 35.00 | 8.00 | 4.38 |");
        assertThat(BenchReport.feesTable(List.of(r))).contains("| 100 | 9,000 | 11.00 | 300.0 | 1200.0 | 0.25 | 2.00 |");
        assertThat(BenchReport.perStepTarget(r)).contains("extract_complaints 3.50", "extract_banks 4.00", "build 3.50",
                "whole less extract_fees 4.00", "missed", "0.25 of the replay's own 1200.0 req/s");
    }

    @Test
    void writesBetweenItsMarkersAndLeavesTheRestOfTheDoc() throws Exception {
        Path doc = tmp.resolve("PERFORMANCE.md");
        Files.writeString(doc, "# Performance\n\nintro\n\n<!-- BENCH-RUN:BEGIN -->\nrun figures\n<!-- BENCH-RUN:END -->\n\ntail\n");
        BenchReport.writeInto(doc, "first\n");
        BenchReport.writeInto(doc, "second\n");
        String text = Files.readString(doc);
        assertThat(text).contains("intro", "run figures", "tail", BenchReport.BEGIN + "\nsecond\n" + BenchReport.END)
                .doesNotContain("first");
        assertThat(text.indexOf(BenchReport.BEGIN)).isEqualTo(text.lastIndexOf(BenchReport.BEGIN));
    }

    @Test
    void childProcessMeasuresWallCpuAndMemory() {
        ChildProcess.Outcome o = ChildProcess.run(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), tmp);
        assertThat(o.exitCode()).isEqualTo(3);
        assertThat(o.stdout()).isEqualTo("out\n");
        assertThat(o.stderr()).contains("err");
        assertThat(o.seconds()).isPositive();
        assertThat(o.peakRssMb()).isPositive();
    }
}
