package dev.deploysim.sim.explore;

/** Arithmetic that maps a choice (0 = simplest) onto a range with a preferred value. */
final class Ranges {
    private Ranges() {
    }

    /**
     * The {@code k}-th value of {@code [lo, hi]} in order of distance from {@code target}:
     * k = 0 is the target, then target - 1, target + 1, target - 2, ...; once one side runs out
     * the rest come from the other. A bijection from {@code [0, hi - lo]} onto {@code [lo, hi]},
     * so a uniform choice gives a uniform value and shrinking the choice approaches the target.
     */
    static long zigzag(long lo, long hi, long target, long k) {
        if (k == 0) {
            return target;
        }
        long below = target - lo;
        long above = hi - target;
        long m = Math.min(below, above);
        long d = k / 2 + (k & 1); // ceil(k / 2) without overflow
        if (d <= m) {
            return (k & 1) == 1 ? target - d : target + d;
        }
        long beyond = m + (k - 2 * m); // 2m < k here, so no overflow
        return below > above ? target - beyond : target + beyond;
    }
}
