package dev.deploysim.strategies.flyctl;

import java.time.Duration;

/**
 * jpillora/backoff as flyctl configures it: the n-th call returns {@code min * factor^n}, clamped
 * to [min, max]. Divergence: no jitter, since a strategy has no random source (the model gives it
 * none); every delay is the un-jittered value.
 */
final class Backoff {
    private final long minNanos;
    private final long maxNanos;
    private final double factor;
    private int attempt;

    Backoff(Duration min, Duration max, double factor) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.factor = factor;
    }

    Duration next() {
        double d = minNanos * Math.pow(factor, attempt);
        attempt++;
        long n = d >= maxNanos ? maxNanos : (long) d;
        return Duration.ofNanos(Math.max(minNanos, n));
    }
}
