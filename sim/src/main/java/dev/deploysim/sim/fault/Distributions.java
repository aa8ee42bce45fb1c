package dev.deploysim.sim.fault;

import dev.deploysim.sim.random.Distribution;

/**
 * What the generators and the guarantee checker need to know about a {@link Distribution} besides
 * sampling it: its upper bound and its quantiles.
 */
public final class Distributions {
    private Distributions() {
    }

    /** The largest value {@code d} can produce, in seconds; infinite for an unbounded tail. */
    public static double upperBound(Distribution d) {
        return switch (d) {
            case Distribution.Constant c -> c.seconds();
            case Distribution.Uniform u -> u.max();
            case Distribution.Exponential e -> e.mean() == 0 ? 0 : Double.POSITIVE_INFINITY;
            case Distribution.LogNormal l -> l.max() > 0 ? l.max() : l.sigma() == 0 ? l.median() : Double.POSITIVE_INFINITY;
            case Distribution.Mixture m -> m.components().stream().mapToDouble(w -> upperBound(w.distribution())).max().orElse(0);
        };
    }

    /**
     * The {@code q}-quantile of {@code d} in seconds ({@code q} in [0, 1]): the value below which
     * a share {@code q} of its samples fall. The 0.5-quantile is the median for every distribution
     * but a mixture, whose {@link Distribution#medianSeconds()} is its heaviest component's.
     */
    public static double quantile(Distribution d, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in [0, 1], was " + q);
        }
        switch (d) {
            case Distribution.Constant c -> {
                return c.seconds();
            }
            case Distribution.Uniform u -> {
                return u.min() + (u.max() - u.min()) * q;
            }
            default -> {
                // bisection on the CDF: exact enough (1 µs) and the same on every JVM
                double lo = 0;
                double hi = upperBound(d);
                if (Double.isInfinite(hi)) {
                    hi = Math.max(1, d.medianSeconds());
                    while (cdf(d, hi) < q && hi < 1e9) {
                        hi *= 2;
                    }
                }
                for (int i = 0; i < 200 && hi - lo > 1e-6; i++) {
                    double mid = (lo + hi) / 2;
                    if (cdf(d, mid) < q) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return hi;
            }
        }
    }

    /** P(sample <= x). */
    static double cdf(Distribution d, double x) {
        return switch (d) {
            case Distribution.Constant c -> x >= c.seconds() ? 1 : 0;
            case Distribution.Uniform u -> u.max() == u.min() ? (x >= u.min() ? 1 : 0)
                    : Math.max(0, Math.min(1, (x - u.min()) / (u.max() - u.min())));
            case Distribution.Exponential e -> e.mean() == 0 ? 1 : x <= 0 ? 0 : 1 - Math.exp(-x / e.mean());
            case Distribution.LogNormal l -> {
                if (l.max() > 0 && x >= l.max()) {
                    yield 1;
                }
                if (x <= 0) {
                    yield 0;
                }
                yield l.sigma() == 0 ? (x >= l.median() ? 1 : 0)
                        : 0.5 * (1 + erf(Math.log(x / l.median()) / (l.sigma() * Math.sqrt(2))));
            }
            case Distribution.Mixture m -> {
                double total = 0;
                double sum = 0;
                for (Distribution.Weighted w : m.components()) {
                    total += w.weight();
                    sum += w.weight() * cdf(w.distribution(), x);
                }
                yield sum / total;
            }
        };
    }

    /** The error function (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7). */
    private static double erf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x));
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-x * x);
        return x >= 0 ? y : -y;
    }
}
