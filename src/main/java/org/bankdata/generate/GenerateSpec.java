package org.bankdata.generate;

import java.nio.file.Path;
import java.util.Objects;
import org.bankdata.errors.UsageException;

/**
 * What to generate: {@code scale} copies of the bundled sources, drawn with {@code seed}, written under {@code out}.
 *
 * <p>Scale N means N× institutions and N× services; the quarters grow as {@code 8 × ⌈√N⌉} (one block of
 * 8 quarters per {@code ⌈√N⌉}), each institution staying in the ranking for one block of 8 quarters, as in
 * the bundled data. So every source grows N× in rows (N× the 892 ranking rows, the 1,474 bank-list rows and
 * the 1,837 fee records), ranking files keep a realistic size, and years stay plausible even at 1000×
 * (256 quarters, 1958–2021) instead of 8,000 quarters reaching the year 4019.
 */
public record GenerateSpec(int scale, long seed, Path out) {
    public static final int MAX_SCALE = 10_000;
    public static final long DEFAULT_SEED = 20211231L;

    public GenerateSpec {
        Objects.requireNonNull(out, "out");
        if (scale < 1 || scale > MAX_SCALE) {
            throw new UsageException("--scale must be between 1 and " + MAX_SCALE + ", got " + scale);
        }
        out = out.toAbsolutePath().normalize();
    }

    /** Blocks of 8 quarters: ⌈√scale⌉. */
    public int quarterBlocks() {
        return (int) Math.ceil(Math.sqrt(scale));
    }

    public Path complaintsDir() {
        return out.resolve("complaints");
    }

    public Path bankList() {
        return out.resolve("banks").resolve("EnquadramentoInicia_v2.tsv");
    }

    public Path feesDir() {
        return out.resolve("fees-api");
    }

    public Path feeResponses() {
        return feesDir().resolve("responses");
    }
}
