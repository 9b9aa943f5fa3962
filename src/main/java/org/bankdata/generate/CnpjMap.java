package org.bankdata.generate;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Gives each (copy, bundled CNPJ root) a distinct synthetic CNPJ root, the same in every source so the
 * ranking, the bank list and the fee recordings still join. An affine map modulo 10^8 with a multiplier
 * prime to 10 is a bijection, so distinct inputs never collide.
 */
final class CnpjMap {
    private static final long MODULUS = 100_000_000L;

    private final Map<Long, Integer> index;
    private final long multiplier;
    private final long offset;

    CnpjMap(TreeSet<Long> bundledRoots, long seed) {
        List<Long> sorted = List.copyOf(bundledRoots);
        this.index = sorted.stream().collect(Collectors.toMap(Function.identity(), sorted::indexOf));
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        long m;
        do {
            m = 1_000_003L + random.nextLong(MODULUS / 2);
        } while (m % 2 == 0 || m % 5 == 0);
        this.multiplier = m;
        this.offset = random.nextLong(MODULUS);
    }

    int size() {
        return index.size();
    }

    /** The synthetic root of {@code bundledRoot} in copy {@code copy}, as a number (format it padded or not). */
    long map(int copy, long bundledRoot) {
        Integer i = index.get(bundledRoot);
        if (i == null) {
            throw new IllegalArgumentException("CNPJ root " + bundledRoot + " was not collected from the bundled data");
        }
        long id = (long) copy * index.size() + i;
        return (multiplier * id + offset) % MODULUS;
    }

    static String padded(long root) {
        return String.format("%08d", root);
    }
}
