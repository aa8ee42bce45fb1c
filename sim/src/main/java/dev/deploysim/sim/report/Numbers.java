package dev.deploysim.sim.report;

import java.util.List;
import java.util.Locale;

/**
 * How reports round and summarise numbers: seconds to the millisecond, rates to six decimals, and
 * nearest-rank percentiles, so that a report is stable text and a percentile is always a value
 * some run actually had.
 */
final class Numbers {
    private Numbers() {
    }

    /** {@code x} rounded to three decimals (milliseconds, for seconds). */
    static double ms(double x) {
        return Math.round(x * 1e3) / 1e3;
    }

    /** {@code x} rounded to six decimals (for rates). */
    static double rate(double x) {
        return Math.round(x * 1e6) / 1e6;
    }

    /**
     * The nearest-rank {@code q}-quantile of {@code sorted} (ascending): the smallest value with
     * at least {@code q} of the values at or below it.
     *
     * @throws IllegalArgumentException if {@code sorted} is empty
     */
    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(q * sorted.size());
        return sorted.get(Math.min(sorted.size(), Math.max(1, rank)) - 1);
    }

    /** Seconds for people, to a tenth: {@code 0.6 s}, {@code 113.7 s}. */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    /** A share as a percentage with two decimals that never rounds a non-zero share to {@code 0.00%}. */
    static String percent(double rate) {
        return rate > 0 && rate < 0.00005 ? "<0.01%" : fixed(100 * rate, 2) + "%";
    }

    /** A fixed-point number with {@code decimals} decimals, locale-independent. */
    static String fixed(double x, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
