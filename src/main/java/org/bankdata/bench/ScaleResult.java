package org.bankdata.bench;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The measurements at one scale: every Spark run and reference run (interleaved), the input rows, and the fees step's
 * HTTP figures.
 */
record ScaleResult(int scale, long inputRows, int quarters, List<EngineRun> spark, List<EngineRun> reference,
        FeesThroughput fees) {
    /** The fees step's HTTP figures not measured. */
    ScaleResult(int scale, long inputRows, int quarters, List<EngineRun> spark, List<EngineRun> reference) {
        this(scale, inputRows, quarters, spark, reference, FeesThroughput.NOT_MEASURED);
    }

    double sparkSeconds() {
        return median(spark, EngineRun::seconds);
    }

    double referenceSeconds() {
        return median(reference, EngineRun::seconds);
    }

    double sparkCpuSeconds() {
        return median(spark, EngineRun::cpuSeconds);
    }

    double referenceCpuSeconds() {
        return median(reference, EngineRun::cpuSeconds);
    }

    double cpuRatio() {
        return sparkCpuSeconds() / referenceCpuSeconds();
    }

    double sparkRssMb() {
        return median(spark, EngineRun::peakRssMb);
    }

    double referenceRssMb() {
        return median(reference, EngineRun::peakRssMb);
    }

    double ratio() {
        return sparkSeconds() / referenceSeconds();
    }

    double sparkRowsPerSecond() {
        return inputRows / sparkSeconds();
    }

    double referenceRowsPerSecond() {
        return inputRows / referenceSeconds();
    }

    double sparkMicrosPerRow() {
        return sparkSeconds() / inputRows * 1e6;
    }

    /** Median over the runs of the sum of {@code steps} of each run (a missing step counts as NaN). */
    static double medianOfSum(List<EngineRun> runs, List<String> steps) {
        return median(runs, r -> steps.stream().mapToDouble(s -> r.steps().getOrDefault(s, Double.NaN)).sum());
    }

    /** Median over the runs of the whole-process wall time less the time of {@code step} in that run. */
    static double medianWithout(List<EngineRun> runs, String step) {
        return median(runs, r -> r.seconds() - r.steps().getOrDefault(step, Double.NaN));
    }

    /** Median seconds of each pipeline step, in the order of the first run. */
    Map<String, Double> sparkSteps() {
        return medianSteps(spark);
    }

    Map<String, Double> referenceSteps() {
        return medianSteps(reference);
    }

    private static Map<String, Double> medianSteps(List<EngineRun> runs) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String step : runs.get(0).steps().keySet()) {
            out.put(step, median(runs, r -> r.steps().getOrDefault(step, Double.NaN)));
        }
        return out;
    }

    static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        List<Double> sorted = items.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
