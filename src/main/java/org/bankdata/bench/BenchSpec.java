package org.bankdata.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.bankdata.errors.UsageException;
import org.bankdata.generate.GenerateSpec;

/**
 * What {@code bench} measures: the scales, how many measured runs of each engine per scale (interleaved,
 * Spark then reference), the seed of the generated data, and the working folder (generated data is
 * kept there and reused across benches).
 */
public record BenchSpec(List<Integer> scales, int runs, long seed, Path work) {
    public BenchSpec {
        Objects.requireNonNull(work, "work");
        if (scales == null || scales.isEmpty()) {
            throw new UsageException("--scales must name at least one scale, e.g. 1,10,100");
        }
        for (int scale : scales) {
            if (scale < 1 || scale > GenerateSpec.MAX_SCALE) {
                throw new UsageException("--scales: each scale must be between 1 and " + GenerateSpec.MAX_SCALE + ", got " + scale);
            }
        }
        if (runs < 1 || runs > 50) {
            throw new UsageException("--runs must be between 1 and 50, got " + runs);
        }
        scales = scales.stream().distinct().sorted().toList();
        work = work.toAbsolutePath().normalize();
    }
}
