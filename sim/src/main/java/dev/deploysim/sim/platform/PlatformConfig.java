package dev.deploysim.sim.platform;

import dev.deploysim.sim.random.Distribution;
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
 */
public record PlatformConfig(Distribution bootSeconds, Distribution imagePullSeconds, Distribution appReadySeconds,
                             Distribution appShutdownSeconds, Distribution propagationSeconds,
                             Distribution apiLatencySeconds, double proxyHoldTimeoutSeconds, int proxyRetries,
                             boolean legacyCanaryGetsTraffic, Distribution destroySeconds) {

    public PlatformConfig {
        Objects.requireNonNull(bootSeconds, "bootSeconds");
        Objects.requireNonNull(imagePullSeconds, "imagePullSeconds");
        Objects.requireNonNull(appReadySeconds, "appReadySeconds");
        Objects.requireNonNull(appShutdownSeconds, "appShutdownSeconds");
        Objects.requireNonNull(propagationSeconds, "propagationSeconds");
        Objects.requireNonNull(apiLatencySeconds, "apiLatencySeconds");
        Objects.requireNonNull(destroySeconds, "destroySeconds");
        if (!(proxyHoldTimeoutSeconds >= 0)) {
            throw new IllegalArgumentException("proxyHoldTimeoutSeconds must be >= 0, was " + proxyHoldTimeoutSeconds);
        }
        if (proxyRetries < 0) {
            throw new IllegalArgumentException("proxyRetries must be >= 0, was " + proxyRetries);
        }
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
                new Uniform(0.2, 1.0));
    }

    public PlatformConfig withPropagationSeconds(Distribution d) {
        return new PlatformConfig(bootSeconds, imagePullSeconds, appReadySeconds, appShutdownSeconds, d,
                apiLatencySeconds, proxyHoldTimeoutSeconds, proxyRetries, legacyCanaryGetsTraffic, destroySeconds);
    }
}
