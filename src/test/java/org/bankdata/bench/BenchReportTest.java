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
        assertThat(targets.get(1)).contains("1.25").contains("missed");
        assertThat(targets.get(2)).contains("2100 MB").contains("missed");
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
