package org.bankdata.bench;

import java.util.Map;

/**
 * One measured build at one scale: whole-process wall seconds (JVM start to exit), CPU seconds (user +
 * system; NaN where not measurable), peak RSS in MB, and the
 * engine's own step times (seconds, in order).
 */
record EngineRun(double seconds, double cpuSeconds, double peakRssMb, Map<String, Double> steps) {
    double stepTotal() {
        return steps.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
