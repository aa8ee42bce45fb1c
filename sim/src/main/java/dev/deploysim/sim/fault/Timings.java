package dev.deploysim.sim.fault;

import dev.deploysim.sim.explore.Gen;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.PlatformProfile;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.sim.random.Distribution.Constant;
import dev.deploysim.sim.random.Distribution.Uniform;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the platform's timings around a base configuration. Each timing knob is, in order of
 * simplicity: a constant at a quantile of the base distribution (the simplest: the median, since
 * the percentile is drawn with {@code integers(1, 99, 50)}), the base distribution itself (every
 * sample drawn afresh), or a knob-specific variant (a fast proxy of at most 2 s, a slow one up to
 * 30 s, small and large images, slow shutdowns). Failures therefore shrink towards median,
 * constant timings; a failure that needs variance keeps it.
 */
public final class Timings {
    /** The fast proxy variant: propagation within 2 s (issue #2505 measured about 1 s). */
    public static final Distribution FAST_PROPAGATION = new Uniform(0.1, 2.0);
    /** The slow proxy variant: 5 to 30 s (PR #3297 saw 10-20 s). */
    public static final Distribution SLOW_PROPAGATION = new Uniform(5.0, 30.0);

    private Timings() {
    }

    /**
     * Platform configurations whose timings vary around {@code base}'s, and whose mechanisms
     * (pull before stop, the fast re-check, the proxy's retries and hold) are {@code base}'s or,
     * in a quarter of the draws each, the adverse profile's; other knobs stay {@code base}'s.
     */
    public static Gen<PlatformConfig> around(PlatformConfig base) {
        Gen<Distribution> boot = knob(base.bootSeconds(), List.of());
        Gen<Distribution> pull = knob(base.imagePullSeconds(), List.of(Gen.weighted(1, Gen.constant(new Uniform(0.5, 3.0)))));
        Gen<Distribution> ready = knob(base.appReadySeconds(), List.of(Gen.weighted(1, Gen.constant(new Uniform(0.2, 2.0)))));
        Gen<Distribution> shutdown = knob(base.appShutdownSeconds(), List.of(Gen.weighted(1, Gen.constant(new Uniform(3.0, 10.0)))));
        Gen<Distribution> propagation = knob(base.propagationSeconds(), List.of(
                Gen.weighted(3, Gen.constant(FAST_PROPAGATION)), Gen.weighted(1, Gen.constant(SLOW_PROPAGATION))));
        Gen<Distribution> api = knob(base.apiLatencySeconds(), List.of());
        Gen<Distribution> destroy = knob(base.destroySeconds(), List.of());
        // the mechanisms: the base's first (simplest), else the adverse profile's
        PlatformConfig adverse = PlatformProfile.ADVERSE.config();
        Gen<Boolean> pullBeforeStop = Gen.frequency(Gen.weighted(3, Gen.constant(base.pullBeforeStop())),
                Gen.weighted(1, Gen.constant(!base.pullBeforeStop())));
        Gen<Double> recheck = Gen.frequency(Gen.weighted(3, Gen.constant(base.startupCheckIntervalSeconds())),
                Gen.weighted(1, Gen.constant(adverse.startupCheckIntervalSeconds())));
        Gen<PlatformConfig> proxy = Gen.frequency(Gen.weighted(3, Gen.constant(base)), Gen.weighted(1, Gen.constant(adverse)));
        return c -> base
                .with(b -> {
                    b.pullBeforeStop = c.draw(pullBeforeStop);
                    b.startupCheckIntervalSeconds = c.draw(recheck);
                    PlatformConfig p = c.draw(proxy);
                    b.proxyRetries = p.proxyRetries();
                    b.proxyRetryBackoffSeconds = p.proxyRetryBackoffSeconds();
                    b.proxyRetryMaxBackoffSeconds = p.proxyRetryMaxBackoffSeconds();
                    b.proxyHoldTimeoutSeconds = p.proxyHoldTimeoutSeconds();
                })
                .withBootSeconds(c.draw(boot))
                .withImagePullSeconds(c.draw(pull))
                .withAppReadySeconds(c.draw(ready))
                .withAppShutdownSeconds(c.draw(shutdown))
                .withPropagationSeconds(c.draw(propagation))
                .withApiLatencySeconds(c.draw(api))
                .withDestroySeconds(c.draw(destroy));
    }

    /** One knob: a constant at a quantile (median simplest), the base distribution, or a variant. */
    static Gen<Distribution> knob(Distribution base, List<Gen.Weighted<Distribution>> variants) {
        List<Gen.Weighted<Distribution>> options = new ArrayList<>();
        options.add(Gen.weighted(1, quantileConstant(base)));
        options.add(Gen.weighted(2, Gen.constant(base)));
        options.addAll(variants);
        return Gen.frequency(options);
    }

    /**
     * A constant at a percentile of {@code d} (1 to 99, shrinking to the 50th: the median), rounded
     * to the millisecond. Whole percentiles, not a double: a shrink then takes a few steps per knob
     * rather than a binary search over 53 bits.
     */
    static Gen<Distribution> quantileConstant(Distribution d) {
        return Gen.integers(1, 99, 50).map(p -> new Constant(Math.round(Distributions.quantile(d, p / 100.0) * 1000) / 1000.0));
    }
}
