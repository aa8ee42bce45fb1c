package dev.deploysim.sim.platform;

/**
 * The HTTP prober: requests through the proxy for the whole run.
 *
 * @param ratePerSecond requests per second (default 4)
 * @param timeoutSeconds the client's timeout; a request still unanswered then fails (default 6,
 *     the timeout PR #4948's probes hit)
 * @param slowThresholdSeconds an answered request slower than this counts as slow (default 1)
 */
public record ProbeConfig(double ratePerSecond, double timeoutSeconds, double slowThresholdSeconds) {
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

    public static ProbeConfig defaults() {
        return new ProbeConfig(4.0, 6.0, 1.0);
    }
}
