package dev.deploysim.sim.random;

import java.util.SplittableRandom;

/**
 * One named stream of pseudo-random numbers. Backed by {@link SplittableRandom}, whose
 * algorithm (SplitMix64) is specified, so a seed gives the same numbers on every JDK.
 */
public final class RandomStream {
    private final String name;
    private final SplittableRandom random;

    RandomStream(String name, long seed) {
        this.name = name;
        this.random = new SplittableRandom(seed);
    }

    public String name() {
        return name;
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [origin, bound). */
    public long nextLong(long origin, long bound) {
        return random.nextLong(origin, bound);
    }

    public long nextLong() {
        return random.nextLong();
    }

    /** True with probability {@code p}. */
    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** Standard normal, by Box–Muller (deterministic, unlike relying on a JDK's gaussian cache). */
    public double nextGaussian() {
        double u1 = 1.0 - random.nextDouble(); // (0, 1]
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
