package dev.deploysim.sim.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Distribution sanity over many draws from a fixed seed, against the textbook moments: with
 * n = 200,000 draws the standard error of a mean is under 0.3 % of the standard deviation, so
 * the tolerances below are several standard errors wide yet catch any wrong formula.
 */
class DistributionTest {

    private static final int N = 200_000;

    private static double[] sample(Distribution d, String stream) {
        RandomStream s = new Streams(99).get(stream);
        double[] xs = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = d.sampleSeconds(s);
        }
        return xs;
    }

    private static double mean(double[] xs) {
        return Arrays.stream(xs).average().orElseThrow();
    }

    private static double variance(double[] xs) {
        double m = mean(xs);
        return Arrays.stream(xs).map(x -> (x - m) * (x - m)).sum() / (xs.length - 1);
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void constantAlwaysGivesItsValue() {
        double[] xs = sample(new Distribution.Constant(2.5), "c");
        assertThat(Arrays.stream(xs).distinct().toArray()).containsExactly(2.5);
    }

    @Test
    void uniformStaysInItsBoundsWithTheRightMeanAndVariance() {
        double[] xs = sample(new Distribution.Uniform(2, 6), "u");
        assertThat(Arrays.stream(xs).min().orElseThrow()).isGreaterThanOrEqualTo(2);
        assertThat(Arrays.stream(xs).max().orElseThrow()).isLessThanOrEqualTo(6);
        assertThat(mean(xs)).isCloseTo(4.0, within(0.02));
        assertThat(variance(xs)).isCloseTo(16.0 / 12, within(0.02));
    }

    @Test
    void exponentialHasItsMeanAndMedian() {
        Distribution.Exponential d = new Distribution.Exponential(3.0);
        double[] xs = sample(d, "e");
        assertThat(Arrays.stream(xs).min().orElseThrow()).isGreaterThanOrEqualTo(0);
        assertThat(mean(xs)).isCloseTo(3.0, within(0.03));
        assertThat(Math.sqrt(variance(xs))).isCloseTo(3.0, within(0.05));
        assertThat(median(xs)).isCloseTo(d.medianSeconds(), within(0.03));
        assertThat(d.medianSeconds()).isCloseTo(3.0 * Math.log(2), within(1e-12));
    }

    @Test
    void logNormalHasItsMedianAndMean() {
        double median = 2.0;
        double sigma = 0.5;
        double[] xs = sample(new Distribution.LogNormal(median, sigma, 0), "ln");
        assertThat(median(xs)).isCloseTo(median, within(0.02));
        assertThat(mean(xs)).isCloseTo(median * Math.exp(sigma * sigma / 2), within(0.02));
        double[] logs = Arrays.stream(xs).map(Math::log).toArray();
        assertThat(Math.sqrt(variance(logs))).isCloseTo(sigma, within(0.005));
    }

    @Test
    void logNormalCapIsRespected() {
        double[] xs = sample(new Distribution.LogNormal(1.0, 1.0, 3.0), "capped");
        assertThat(Arrays.stream(xs).max().orElseThrow()).isEqualTo(3.0);
    }

    @Test
    void gaussianIsStandardNormal() {
        RandomStream s = new Streams(5).get("g");
        double[] xs = new double[N];
        for (int i = 0; i < N; i++) {
            xs[i] = s.nextGaussian();
        }
        assertThat(mean(xs)).isCloseTo(0.0, within(0.01));
        assertThat(variance(xs)).isCloseTo(1.0, within(0.015));
        long within1 = Arrays.stream(xs).filter(x -> Math.abs(x) < 1).count();
        assertThat((double) within1 / N).isCloseTo(0.6827, within(0.005));
    }

    @Test
    void mixtureDrawsComponentsInProportionToTheirWeights() {
        Distribution heavyTail = new Distribution.Mixture(List.of(
                new Distribution.Weighted(9, new Distribution.Constant(1)),
                new Distribution.Weighted(1, new Distribution.Constant(10))));
        double[] xs = sample(heavyTail, "mix");
        long tail = Arrays.stream(xs).filter(x -> x == 10).count();
        assertThat((double) tail / N).isCloseTo(0.1, within(0.005));
        assertThat(mean(xs)).isCloseTo(0.9 * 1 + 0.1 * 10, within(0.05));
        assertThat(heavyTail.medianSeconds()).isEqualTo(1);
    }

    @Test
    void sampleNanosRoundsSecondsToNanoseconds() {
        RandomStream s = new Streams(1).get("n");
        assertThat(new Distribution.Constant(1.5).sampleNanos(s)).isEqualTo(1_500_000_000L);
        assertThat(new Distribution.Constant(0).sampleNanos(s)).isZero();
    }

    @Test
    void invalidParametersAreRejected() {
        assertThatThrownBy(() -> new Distribution.Uniform(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Distribution.Exponential(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Distribution.LogNormal(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Distribution.Constant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Distribution.Mixture(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Distribution.Mixture(List.of(new Distribution.Weighted(0, new Distribution.Constant(1)))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
