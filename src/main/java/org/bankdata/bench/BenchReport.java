package org.bankdata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bankdata.errors.LakeException;

/**
 * The bench figures as Markdown, and their place in docs/PERFORMANCE.md: between
 * {@code <!-- BENCH-SCALE:BEGIN -->} and {@code <!-- BENCH-SCALE:END -->}, appended in a section of
 * its own when the markers are not there yet; the rest of the file is left as it is.
 */
final class BenchReport {
    static final String BEGIN = "<!-- BENCH-SCALE:BEGIN -->";
    static final String END = "<!-- BENCH-SCALE:END -->";
    static final double RATIO_TARGET = 3.0;
    static final double PER_ROW_TARGET = 1.2;
    static final double RSS_TARGET_MB = 2048;
    /** The fees step, compared apart: HTTP against the replay's own capacity, not against reading files. */
    static final String FEES_STEP = "extract_fees";

    /** Pipeline steps and the reference steps that build the same tables, compared step by step. */
    record StepPair(String label, List<String> spark, List<String> reference) {
    }

    static final List<StepPair> PAIRS = List.of(
            new StepPair("extract_complaints", List.of("extract_complaints"), List.of("extract_complaints")),
            new StepPair("extract_banks", List.of("extract_banks"), List.of("extract_banks")),
            new StepPair("build: conform_conglomerates + build_dimensions + build_facts + build_charts",
                    List.of("conform_conglomerates", "build_dimensions", "build_facts", "build_charts"),
                    List.of("build_star", "build_charts", "write_parquet")));

    private BenchReport() {
    }

    static String markdown(List<ScaleResult> results, BenchSpec spec, String plotLink) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured %s with `./bankdata bench --scales %s --runs %d` (seed %d) on %d cores, %s %s,"
                        + " Java %s. Medians of %d run(s) per engine and scale, the two engines interleaved; the host is"
                        + " shared with other work, so compare the ratios of one table rather than absolute seconds.%n%n",
                LocalDate.now(ZoneOffset.UTC), String.join(",", spec.scales().stream().map(String::valueOf).toList()), spec.runs(),
                spec.seed(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), spec.runs()));
        md.append("| scale | quarters | input rows | Spark wall (s) | Spark CPU (s) | Spark rows/s | Spark µs/row | Spark peak RSS (MB)"
                + " | DuckDB wall (s) | DuckDB CPU (s) | DuckDB rows/s | DuckDB peak RSS (MB) | Spark ÷ DuckDB wall | Spark ÷ DuckDB CPU"
                + " | answers |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (ScaleResult r : results) {
            md.append(String.format(Locale.ROOT,
                    "| %d | %d | %,d | %.2f | %.1f | %,.0f | %.1f | %.0f | %.2f | %.1f | %,.0f | %.0f | %.2f | %.2f | identical |%n",
                    r.scale(), r.quarters(), r.inputRows(), r.sparkSeconds(), r.sparkCpuSeconds(), r.sparkRowsPerSecond(),
                    r.sparkMicrosPerRow(), r.sparkRssMb(), r.referenceSeconds(), r.referenceCpuSeconds(), r.referenceRowsPerSecond(),
                    r.referenceRssMb(), r.ratio(), r.cpuRatio()));
        }
        md.append("\nInput rows: ranking rows + bank-list rows + fee records. Wall: the whole process, JVM start to exit."
                + " CPU: user + system seconds of the process. µs/row: Spark wall time per input row.\n\n");
        md.append(stepTable("Spark pipeline, seconds per step (median; independent steps overlap)", results, true));
        md.append(stepTable("DuckDB reference, seconds per step (median)", results, false));
        md.append(pairTable(results));
        md.append(feesTable(results));
        md.append("Targets:\n\n");
        for (String line : targets(results)) {
            md.append("- ").append(line).append('\n');
        }
        md.append('\n').append("![wall time vs scale](").append(plotLink).append(")\n");
        return md.toString();
    }

    private static String stepTable(String title, List<ScaleResult> results, boolean spark) {
        Set<String> steps = new LinkedHashSet<>();
        results.forEach(r -> steps.addAll((spark ? r.sparkSteps() : r.referenceSteps()).keySet()));
        StringBuilder md = new StringBuilder(title).append(":\n\n| step |");
        results.forEach(r -> md.append(" scale ").append(r.scale()).append(" |"));
        md.append("\n|---|");
        results.forEach(r -> md.append("---:|"));
        md.append('\n');
        for (String step : steps) {
            md.append("| ").append(step).append(" |");
            for (ScaleResult r : results) {
                Double s = (spark ? r.sparkSteps() : r.referenceSteps()).get(step);
                md.append(s == null ? " – |" : String.format(Locale.ROOT, " %.2f |", s));
            }
            md.append('\n');
        }
        return md.append('\n').toString();
    }

    /** Spark ÷ DuckDB per step (the pairs building the same tables), for the whole process without the fees step, and whole. */
    static String pairTable(List<ScaleResult> results) {
        StringBuilder md = new StringBuilder("Spark ÷ DuckDB per step, wall time (medians; the two extracts run side by side in the"
                + " pipeline, each reference step alone with every core; check and publish have no counterpart):\n\n"
                + "| scale | step | Spark (s) | DuckDB (s) | Spark ÷ DuckDB |\n|---:|---|---:|---:|---:|\n");
        for (ScaleResult r : results) {
            for (StepPair pair : PAIRS) {
                row(md, r.scale(), pair.label(), ScaleResult.medianOfSum(r.spark(), pair.spark()),
                        ScaleResult.medianOfSum(r.reference(), pair.reference()));
            }
            row(md, r.scale(), "whole process less " + FEES_STEP + " (each engine's own)",
                    ScaleResult.medianWithout(r.spark(), FEES_STEP), ScaleResult.medianWithout(r.reference(), FEES_STEP));
            row(md, r.scale(), "whole process", r.sparkSeconds(), r.referenceSeconds());
        }
        return md.append('\n').toString();
    }

    private static void row(StringBuilder md, int scale, String label, double spark, double duck) {
        md.append(String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f | %.2f |%n", scale, label, spark, duck, spark / duck));
    }

    /** The fees step as HTTP: the pipeline's requests per second against the replay's own, with the same requests in flight. */
    static String feesTable(List<ScaleResult> results) {
        StringBuilder md = new StringBuilder(FEES_STEP + ", HTTP over loopback to the bench's replay (sharing the cores with"
                + " the pipeline): the pipeline's requests per second (run summary, median) against what the replay answers"
                + " a client that only reads the answers, with the same requests in flight:\n\n"
                + "| scale | requests | pipeline step (s) | pipeline req/s | replay alone req/s | pipeline ÷ replay |"
                + " DuckDB reads the recordings (s) |\n|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ScaleResult r : results) {
            md.append(String.format(Locale.ROOT, "| %d | %,d | %.2f | %.1f | %.1f | %.2f | %.2f |%n", r.scale(),
                    r.fees().requests(), r.sparkSteps().getOrDefault(FEES_STEP, Double.NaN),
                    r.fees().pipelineRequestsPerSecond(), r.fees().replayRequestsPerSecond(), r.fees().shareOfReplay(),
                    r.referenceSteps().getOrDefault(FEES_STEP, Double.NaN)));
        }
        return md.append('\n').toString();
    }

    static List<String> targets(List<ScaleResult> results) {
        Optional<ScaleResult> at100 = at(results, 100);
        Optional<ScaleResult> at10 = at(results, 10);
        Optional<ScaleResult> at1000 = at(results, 1000);
        String ratio = at100.map(r -> String.format(Locale.ROOT, "Spark ÷ DuckDB wall time at scale 100: %.2f (target ≤ %.0f): %s;"
                + " in CPU time %.2f", r.ratio(), RATIO_TARGET, r.ratio() <= RATIO_TARGET ? "met" : "missed", r.cpuRatio())).orElse("Spark ÷ DuckDB at scale 100: not measured in this run");
        String rss = at100.map(r -> String.format(Locale.ROOT, "peak RSS of the pipeline at scale 100: %.0f MB (target ≤ %.0f MB): %s",
                r.sparkRssMb(), RSS_TARGET_MB, r.sparkRssMb() <= RSS_TARGET_MB ? "met" : "missed"))
                .orElse("peak RSS at scale 100: not measured in this run");
        String perRow = at10.isPresent() && at1000.isPresent()
                ? String.format(Locale.ROOT, "time per row at scale 1000 ÷ time per row at scale 10: %.2f (target ≤ %.1f): %s",
                at1000.get().sparkMicrosPerRow() / at10.get().sparkMicrosPerRow(), PER_ROW_TARGET,
                at1000.get().sparkMicrosPerRow() / at10.get().sparkMicrosPerRow() <= PER_ROW_TARGET ? "met" : "missed")
                : "time per row at scale 1000 vs scale 10: not measured in this run (scale 1000 runs on request: --scales 10,1000)";
        String perStep = at100.map(BenchReport::perStepTarget).orElse("Spark ÷ DuckDB per step at scale 100: not measured in this run");
        return List.of(ratio, perStep, perRow, rss);
    }

    /** The per-step target at one scale: each pair and the whole process less the fees step, each ≤ the ratio target. */
    static String perStepTarget(ScaleResult r) {
        List<String> parts = new java.util.ArrayList<>();
        boolean met = true;
        for (StepPair pair : PAIRS) {
            double ratio = ScaleResult.medianOfSum(r.spark(), pair.spark()) / ScaleResult.medianOfSum(r.reference(), pair.reference());
            met &= ratio <= RATIO_TARGET;
            parts.add(String.format(Locale.ROOT, "%s %.2f", pair.spark().size() == 1 ? pair.label() : "build", ratio));
        }
        double whole = ScaleResult.medianWithout(r.spark(), FEES_STEP) / ScaleResult.medianWithout(r.reference(), FEES_STEP);
        met &= whole <= RATIO_TARGET;
        parts.add(String.format(Locale.ROOT, "whole less %s %.2f", FEES_STEP, whole));
        return String.format(Locale.ROOT, "Spark ÷ DuckDB per step at scale %d: %s (target ≤ %.0f each): %s; %s %.1f req/s,"
                + " %.2f of the replay's own %.1f req/s", r.scale(), String.join(", ", parts), RATIO_TARGET, met ? "met" : "missed",
                FEES_STEP, r.fees().pipelineRequestsPerSecond(), r.fees().shareOfReplay(), r.fees().replayRequestsPerSecond());
    }

    private static Optional<ScaleResult> at(List<ScaleResult> results, int scale) {
        return results.stream().filter(r -> r.scale() == scale).findFirst();
    }

    /** Replaces the text between the markers of {@code doc} (or appends a section with them). */
    static void writeInto(Path doc, String markdown) {
        try {
            String text = Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "# Performance\n";
            String block = BEGIN + "\n" + markdown + END;
            int b = text.indexOf(BEGIN);
            int e = text.indexOf(END);
            String updated = b >= 0 && e > b
                    ? text.substring(0, b) + block + text.substring(e + END.length())
                    : text.stripTrailing() + "\n\n## Scale: the pipeline against a DuckDB-only reference\n\n" + block + "\n";
            Files.writeString(doc, updated, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new LakeException("cannot update " + doc + ": " + ex.getMessage(), ex);
        }
    }
}
