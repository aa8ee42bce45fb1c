package dev.deploysim.sim.random;

import java.util.List;

/**
 * A distribution of non-negative durations, in seconds. Sampling takes the stream explicitly:
 * the distribution is data (it appears in scenario files), the stream is the consumer's.
 */
public sealed interface Distribution {

    /** Draws one value, in seconds (never negative). */
    double sampleSeconds(RandomStream stream);

    /**
     * The longest sample {@link #sampleNanos} returns, in seconds (about 31.7 years): a long-tailed
     * distribution (an uncapped log-normal, an exponential) can draw any number, and virtual time
     * plus a sample must not overflow a long of nanoseconds (292 years).
     */
    double MAX_SAMPLE_SECONDS = 1e9;

    /** Draws one value in nanoseconds, at most {@link #MAX_SAMPLE_SECONDS}. */
    default long sampleNanos(RandomStream stream) {
        return Math.round(Math.min(MAX_SAMPLE_SECONDS, Math.max(0.0, sampleSeconds(stream))) * 1e9);
    }

    /** The value a shrinker or a "median timings" scenario uses. */
    double medianSeconds();

    /** Always {@code seconds}. */
    record Constant(double seconds) implements Distribution {
        public Constant {
            requireNonNegative("seconds", seconds);
        }

        @Override
        public double sampleSeconds(RandomStream stream) {
            return seconds;
        }

        @Override
        public double medianSeconds() {
            return seconds;
        }
    }

    /** Uniform on [min, max]. */
    record Uniform(double min, double max) implements Distribution {
        public Uniform {
            requireNonNegative("min", min);
            if (max < min) {
                throw new IllegalArgumentException("max must be >= min, was " + max + " < " + min);
            }
        }

        @Override
        public double sampleSeconds(RandomStream stream) {
            return min + (max - min) * stream.nextDouble();
        }

        @Override
        public double medianSeconds() {
            return (min + max) / 2;
        }
    }

    /** Exponential with the given mean. */
    record Exponential(double mean) implements Distribution {
        public Exponential {
            requireNonNegative("mean", mean);
        }

        @Override
        public double sampleSeconds(RandomStream stream) {
            return -mean * Math.log(1.0 - stream.nextDouble());
        }

        @Override
        public double medianSeconds() {
            return mean * Math.log(2);
        }
    }

    /**
     * Log-normal with the given median and shape {@code sigma} (the standard deviation of the
     * log), optionally capped at {@code max} (0 = no cap).
     */
    record LogNormal(double median, double sigma, double max) implements Distribution {
        public LogNormal {
            if (median <= 0) {
                throw new IllegalArgumentException("median must be > 0, was " + median);
            }
            requireNonNegative("sigma", sigma);
            requireNonNegative("max", max);
        }

        @Override
        public double sampleSeconds(RandomStream stream) {
            double v = median * Math.exp(sigma * stream.nextGaussian());
            return max > 0 ? Math.min(v, max) : v;
        }

        @Override
        public double medianSeconds() {
            return median;
        }
    }

    /** One of several distributions, chosen with the given weights: how heavy tails are made. */
    record Mixture(List<Weighted> components) implements Distribution {
        public Mixture {
            components = List.copyOf(components);
            if (components.isEmpty()) {
                throw new IllegalArgumentException("a mixture needs at least one component");
            }
            for (Weighted w : components) {
                if (!(w.weight() > 0)) {
                    throw new IllegalArgumentException("mixture weights must be > 0, was " + w.weight());
                }
            }
        }

        @Override
        public double sampleSeconds(RandomStream stream) {
            double total = 0;
            for (Weighted w : components) {
                total += w.weight();
            }
            double u = stream.nextDouble() * total;
            for (Weighted w : components) {
                u -= w.weight();
                if (u < 0) {
                    return w.distribution().sampleSeconds(stream);
                }
            }
            return components.get(components.size() - 1).distribution().sampleSeconds(stream);
        }

        @Override
        public double medianSeconds() {
            Weighted heaviest = components.get(0);
            for (Weighted w : components) {
                if (w.weight() > heaviest.weight()) {
                    heaviest = w;
                }
            }
            return heaviest.distribution().medianSeconds();
        }
    }

    /** A mixture component. */
    record Weighted(double weight, Distribution distribution) {
    }

    private static void requireNonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, was " + v);
        }
    }

    static Distribution constant(double seconds) {
        return new Constant(seconds);
    }

    static Distribution uniform(double min, double max) {
        return new Uniform(min, max);
    }
}
