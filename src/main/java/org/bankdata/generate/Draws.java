package org.bankdata.generate;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Seeded random draws keyed by what they are for (copy, institution, purpose), so a value does not depend
 * on the order things are generated in: the same seed gives the same bytes.
 */
final class Draws {
    private final long seed;

    Draws(long seed) {
        this.seed = seed;
    }

    SplittableRandom random(String purpose, int copy, String key) {
        long h = seed;
        for (byte b : (purpose + '\u0000' + copy + '\u0000' + key).getBytes(StandardCharsets.UTF_8)) {
            h = mix(h ^ b);
        }
        return new SplittableRandom(h);
    }

    /** A log-normal factor with median 1: {@code exp(sigma × N(0,1))}. */
    static double logNormal(SplittableRandom random, double sigma) {
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        double normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.exp(sigma * normal);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
