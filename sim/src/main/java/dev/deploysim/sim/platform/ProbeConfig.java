package dev.deploysim.sim.platform;

/**
 * The HTTP prober: requests through the proxy for the whole run.
 *
 * @param ratePerSecond requests per second (default 4)
 * @param timeoutSeconds the client's timeout; a request still unanswered then fails (default 6,
 *     the timeout PR #4948's probes hit)
 * @param slowThresholdSeconds an answered request slower than this counts as slow (default 1)
 * @param sequential false: a request every {@code 1 / rate} whatever happened to the last (an
 *     open-loop load generator, the default); true: one request at a time, the next
 *     {@code 1 / rate} after the previous one ended, as a shell loop of {@code curl; sleep} does
 */
public record ProbeConfig(double ratePerSecond, double timeoutSeconds, double slowThresholdSeconds,
                          boolean sequential) {
    public ProbeConfig {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("ratePerSecond must be > 0, was " + ratePerSecond);
        }
        if (!(timeoutSeconds > 0)) {
            throw new IllegalArgumentException("timeoutSeconds must be > 0, was " + timeoutSeconds);
        }
        if (!(slowThresholdSeconds > 0) || slowThresholdSeconds > timeoutSeconds) {
            throw new IllegalArgumentException("slowThresholdSeconds must be in (0, timeoutSeconds], was " + slowThresholdSeconds
                    + " with timeoutSeconds " + timeoutSeconds + "; lower slowThresholdSeconds or raise timeoutSeconds");
        }
    }

    /** An open-loop prober. */
    public ProbeConfig(double ratePerSecond, double timeoutSeconds, double slowThresholdSeconds) {
        this(ratePerSecond, timeoutSeconds, slowThresholdSeconds, false);
    }

    public static ProbeConfig defaults() {
        return new ProbeConfig(4.0, 6.0, 1.0, false);
    }
}
