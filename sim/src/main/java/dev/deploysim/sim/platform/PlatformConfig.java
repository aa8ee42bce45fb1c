package dev.deploysim.sim.platform;

import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.Distribution.Constant;
import dev.deploysim.sim.random.Distribution.Mixture;
import dev.deploysim.sim.random.Distribution.Uniform;
import dev.deploysim.sim.random.Distribution.Weighted;
import java.util.List;
import java.util.Objects;

/**
 * Every timing and behaviour knob of the simulated platform, with defaults from the spec's
 * section 8 (docs/model.md gives the evidence for each). Durations are distributions in
 * seconds; each is sampled from its own named random stream.
 *
 * @param bootSeconds VM boot, from start request to the process running (0.3–2 s)
 * @param imagePullSeconds pulling an image the machine has not run before (1–30 s)
 * @param appReadySeconds from process start until the app answers requests (1–10 s)
 * @param appShutdownSeconds how long the app takes to exit after its kill signal; a stop lasts
 *     min(this, kill_timeout)
 * @param propagationSeconds delay before the proxy learns of a routing change (0.5–10 s, tail to 20 s)
 * @param apiLatencySeconds latency of one Machines API call
 * @param proxyHoldTimeoutSeconds how long the proxy holds a request when nothing is routable
 * @param proxyRetries how many other instances the proxy tries after a failed connection
 * @param legacyCanaryGetsTraffic whether a machine with only DNS skip_registration receives
 *     proxy traffic (default no, matching #4745 / PR #4948)
 * @param destroySeconds from destroy request to destroyed
 * @param requestSeconds how long one proxy attempt takes: an answering instance's response
 *     time, or the time to learn that an instance refuses the connection (default 10–50 ms)
 */
public record PlatformConfig(Distribution bootSeconds, Distribution imagePullSeconds, Distribution appReadySeconds,
                             Distribution appShutdownSeconds, Distribution propagationSeconds,
                             Distribution apiLatencySeconds, double proxyHoldTimeoutSeconds, int proxyRetries,
                             boolean legacyCanaryGetsTraffic, Distribution destroySeconds,
                             Distribution requestSeconds) {

    /** The default of {@link #requestSeconds}. */
    public static final Distribution DEFAULT_REQUEST_SECONDS = new Uniform(0.01, 0.05);

    public PlatformConfig {
        Objects.requireNonNull(bootSeconds, "bootSeconds");
        Objects.requireNonNull(imagePullSeconds, "imagePullSeconds");
        Objects.requireNonNull(appReadySeconds, "appReadySeconds");
        Objects.requireNonNull(appShutdownSeconds, "appShutdownSeconds");
        Objects.requireNonNull(propagationSeconds, "propagationSeconds");
        Objects.requireNonNull(apiLatencySeconds, "apiLatencySeconds");
        Objects.requireNonNull(destroySeconds, "destroySeconds");
        Objects.requireNonNull(requestSeconds, "requestSeconds");
        if (!(proxyHoldTimeoutSeconds >= 0)) {
            throw new IllegalArgumentException("proxyHoldTimeoutSeconds must be >= 0, was " + proxyHoldTimeoutSeconds);
        }
        if (proxyRetries < 0) {
            throw new IllegalArgumentException("proxyRetries must be >= 0, was " + proxyRetries);
        }
    }

    /** The original ten knobs, with {@link #requestSeconds} at its default. */
    public PlatformConfig(Distribution bootSeconds, Distribution imagePullSeconds, Distribution appReadySeconds,
                          Distribution appShutdownSeconds, Distribution propagationSeconds,
                          Distribution apiLatencySeconds, double proxyHoldTimeoutSeconds, int proxyRetries,
                          boolean legacyCanaryGetsTraffic, Distribution destroySeconds) {
        this(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds, apiLatencySeconds,
                proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds, DEFAULT_REQUEST_SECONDS);
    }

    /** The defaults: spec section 8's suggested distributions. */
    public static PlatformConfig defaults() {
        return new PlatformConfig(
                new Uniform(0.3, 2.0),
                new Uniform(1.0, 30.0),
                new Uniform(1.0, 10.0),
                new Uniform(0.2, 3.0),
                new Mixture(List.of(new Weighted(0.9, new Uniform(0.5, 10.0)), new Weighted(0.1, new Uniform(10.0, 20.0)))),
                new Uniform(0.05, 0.3),
                10.0,
                2,
                false,
                new Uniform(0.2, 1.0),
                DEFAULT_REQUEST_SECONDS);
    }

    /**
     * Every distribution a constant and the proxy settings at their defaults: boot 1 s, image pull
     * 2 s, app ready 3 s, app shutdown 1 s, propagation 0.5 s, API latency 0.1 s, destroy 0.5 s,
     * proxy attempt 0.01 s. Hand-checked traces use it, so every time in them is exact.
     */
    public static PlatformConfig constant() {
        return new PlatformConfig(new Constant(1.0), new Constant(2.0), new Constant(3.0), new Constant(1.0),
                new Constant(0.5), new Constant(0.1), 10.0, 2, false, new Constant(0.5), new Constant(0.01));
    }

    public PlatformConfig withBootSeconds(Distribution d) {
        return new PlatformConfig(d, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withImagePullSeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, d, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withAppReadySeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, d, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withAppShutdownSeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, d, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withPropagationSeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, d,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withApiLatencySeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                d, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds, requestSeconds);
    }

    public PlatformConfig withProxyHoldTimeoutSeconds(double seconds) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, seconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds, requestSeconds);
    }

    public PlatformConfig withProxyRetries(int retries) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, retries, legacyCanaryGetsTraffic, destroySeconds,
                requestSeconds);
    }

    public PlatformConfig withLegacyCanaryGetsTraffic(boolean gets) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, gets, destroySeconds, requestSeconds);
    }

    public PlatformConfig withDestroySeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, d, requestSeconds);
    }

    public PlatformConfig withRequestSeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, propagationSeconds,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds, d);
    }
}
