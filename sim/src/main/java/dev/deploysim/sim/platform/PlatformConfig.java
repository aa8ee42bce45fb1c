package dev.deploysim.sim.platform;

import dev.deploysim.sim.random.Distribution;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every timing and behaviour knob of the simulated platform. Durations are distributions in
 * seconds, each sampled from its own named random stream. The named sets of values are
 * {@link PlatformProfile}; {@link #defaults()} is the calibrated {@code fly} profile, and
 * docs/model.md gives the evidence behind every value of every profile.
 *
 * @param profile the profile these values started from ({@link PlatformProfile}); a field that
 *     differs from that profile's value is an override, reported as such
 * @param bootSeconds VM boot, from start request (or the end of an image pull) to the process running
 * @param imagePullSeconds preparing an image the machine's host has not run before
 * @param pullBeforeStop whether an in-place update of a running machine prepares the new image
 *     while the old version keeps serving, sending the kill signal only afterwards (flyd's order
 *     in every public log since 2023); false pulls in the gap after the old version stopped
 * @param appReadySeconds from process start until the app answers requests
 * @param appShutdownSeconds how long the app takes to exit after its kill signal; a stop lasts
 *     min(this, kill_timeout)
 * @param startupCheckIntervalSeconds after a machine starts, flyd runs its health checks at this
 *     short interval until one passes or two configured intervals have gone by, then on the
 *     configured interval (0: no fast re-check, the configured grid from the start)
 * @param propagationSeconds delay before the proxy learns of a routing change
 * @param apiLatencySeconds latency of one Machines API call
 * @param destroySeconds from destroy request to destroyed
 * @param requestSeconds how long one proxy attempt takes: an answering instance's response
 *     time, or the time to learn that an instance refuses the connection
 * @param proxyRetries how many further attempts the proxy makes after a refused connection
 * @param proxyRetryBackoffSeconds the wait before the first retry; each later wait doubles, up
 *     to {@code proxyRetryMaxBackoffSeconds} (0: retry at once)
 * @param proxyRetryMaxBackoffSeconds the longest wait between two attempts
 * @param proxyHoldTimeoutSeconds the proxy's deadline for a request it has to wait with (nothing
 *     routable, or retrying after refusals), counted from its first wait; then it fails (a 502)
 * @param legacyCanaryGetsTraffic whether a machine with only DNS skip_registration receives
 *     proxy traffic (default no, matching #4745 / PR #4948)
 */
public record PlatformConfig(String profile,
                             Distribution bootSeconds, Distribution imagePullSeconds, boolean pullBeforeStop,
                             Distribution appReadySeconds, Distribution appShutdownSeconds,
                             double startupCheckIntervalSeconds,
                             Distribution propagationSeconds, Distribution apiLatencySeconds,
                             Distribution destroySeconds, Distribution requestSeconds,
                             int proxyRetries, double proxyRetryBackoffSeconds, double proxyRetryMaxBackoffSeconds,
                             double proxyHoldTimeoutSeconds, boolean legacyCanaryGetsTraffic) {

    public PlatformConfig {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(bootSeconds, "bootSeconds");
        Objects.requireNonNull(imagePullSeconds, "imagePullSeconds");
        Objects.requireNonNull(appReadySeconds, "appReadySeconds");
        Objects.requireNonNull(appShutdownSeconds, "appShutdownSeconds");
        Objects.requireNonNull(propagationSeconds, "propagationSeconds");
        Objects.requireNonNull(apiLatencySeconds, "apiLatencySeconds");
        Objects.requireNonNull(destroySeconds, "destroySeconds");
        Objects.requireNonNull(requestSeconds, "requestSeconds");
        requireSeconds("startupCheckIntervalSeconds", startupCheckIntervalSeconds);
        requireSeconds("proxyRetryBackoffSeconds", proxyRetryBackoffSeconds);
        requireSeconds("proxyRetryMaxBackoffSeconds", proxyRetryMaxBackoffSeconds);
        requireSeconds("proxyHoldTimeoutSeconds", proxyHoldTimeoutSeconds);
        if (proxyRetryMaxBackoffSeconds < proxyRetryBackoffSeconds) {
            throw new IllegalArgumentException("proxyRetryMaxBackoffSeconds must be >= proxyRetryBackoffSeconds ("
                    + proxyRetryBackoffSeconds + "), was " + proxyRetryMaxBackoffSeconds);
        }
        if (proxyRetries < 0) {
            throw new IllegalArgumentException("proxyRetries must be >= 0, was " + proxyRetries);
        }
    }

    /** A time knob is never negative; the upper bound of every one is the scenario loader's (sim.scenario.Limits). */
    private static void requireSeconds(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + v);
        }
    }

    /** The default platform: the calibrated {@code fly} profile. */
    public static PlatformConfig defaults() {
        return PlatformProfile.FLY.config();
    }

    /**
     * The {@code constant} profile: every distribution a constant and the mechanisms as the
     * hand-checked traces were written for (pull in the gap, no fast re-check, two immediate
     * proxy retries, a 10 s hold): boot 1 s, image pull 2 s, app ready 3 s, app shutdown 1 s,
     * propagation 0.5 s, API 0.1 s, destroy 0.5 s, proxy attempt 0.01 s. Every time in a trace is exact.
     */
    public static PlatformConfig constant() {
        return PlatformProfile.CONSTANT.config();
    }

    /** A copy with the fields {@code change} sets; the profile name stays, so the changes are overrides. */
    public PlatformConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    public PlatformConfig withBootSeconds(Distribution d) {
        return with(b -> b.bootSeconds = d);
    }

    public PlatformConfig withImagePullSeconds(Distribution d) {
        return with(b -> b.imagePullSeconds = d);
    }

    public PlatformConfig withPullBeforeStop(boolean pull) {
        return with(b -> b.pullBeforeStop = pull);
    }

    public PlatformConfig withAppReadySeconds(Distribution d) {
        return with(b -> b.appReadySeconds = d);
    }

    public PlatformConfig withAppShutdownSeconds(Distribution d) {
        return with(b -> b.appShutdownSeconds = d);
    }

    public PlatformConfig withStartupCheckIntervalSeconds(double seconds) {
        return with(b -> b.startupCheckIntervalSeconds = seconds);
    }

    public PlatformConfig withPropagationSeconds(Distribution d) {
        return with(b -> b.propagationSeconds = d);
    }

    public PlatformConfig withApiLatencySeconds(Distribution d) {
        return with(b -> b.apiLatencySeconds = d);
    }

    public PlatformConfig withDestroySeconds(Distribution d) {
        return with(b -> b.destroySeconds = d);
    }

    public PlatformConfig withRequestSeconds(Distribution d) {
        return with(b -> b.requestSeconds = d);
    }

    public PlatformConfig withProxyRetries(int retries) {
        return with(b -> b.proxyRetries = retries);
    }

    /** The retry pacing: first wait {@code first}, doubling up to {@code max}. */
    public PlatformConfig withProxyRetryBackoff(double first, double max) {
        return with(b -> {
            b.proxyRetryBackoffSeconds = first;
            b.proxyRetryMaxBackoffSeconds = max;
        });
    }

    public PlatformConfig withProxyHoldTimeoutSeconds(double seconds) {
        return with(b -> b.proxyHoldTimeoutSeconds = seconds);
    }

    public PlatformConfig withLegacyCanaryGetsTraffic(boolean gets) {
        return with(b -> b.legacyCanaryGetsTraffic = gets);
    }

    /**
     * The fields whose value differs from {@link #profile()}'s, in record order: what a scenario
     * set over its profile. Empty for an unknown profile name (no base to compare with).
     */
    public List<String> overrides() {
        PlatformProfile base = PlatformProfile.byId(profile).orElse(null);
        List<String> out = new ArrayList<>();
        if (base == null) {
            return out;
        }
        for (RecordComponent c : PlatformConfig.class.getRecordComponents()) {
            try {
                Object mine = c.getAccessor().invoke(this);
                Object theirs = c.getAccessor().invoke(base.config());
                if (!Objects.equals(mine, theirs)) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("reading " + c.getName(), e);
            }
        }
        return out;
    }

    /** The profile's name, with the overridden fields if any: {@code fly} or {@code fly + propagationSeconds}. */
    public String describe() {
        List<String> o = overrides();
        return o.isEmpty() ? profile : profile + " + " + String.join(", ", o);
    }

    /** The wait before retry number {@code retry} (1 = the first): the backoff doubled per retry, capped. */
    long retryBackoffNanos(int retry) {
        double s = proxyRetryBackoffSeconds;
        for (int i = 1; i < retry && s < proxyRetryMaxBackoffSeconds; i++) {
            s *= 2;
        }
        return Math.round(Math.min(s, proxyRetryMaxBackoffSeconds) * 1e9);
    }

    /** The mutable form of a config, for {@link #with(Consumer)}; fields are the record's components. */
    public static final class Builder {
        public String profile;
        public Distribution bootSeconds;
        public Distribution imagePullSeconds;
        public boolean pullBeforeStop;
        public Distribution appReadySeconds;
        public Distribution appShutdownSeconds;
        public double startupCheckIntervalSeconds;
        public Distribution propagationSeconds;
        public Distribution apiLatencySeconds;
        public Distribution destroySeconds;
        public Distribution requestSeconds;
        public int proxyRetries;
        public double proxyRetryBackoffSeconds;
        public double proxyRetryMaxBackoffSeconds;
        public double proxyHoldTimeoutSeconds;
        public boolean legacyCanaryGetsTraffic;

        Builder(PlatformConfig c) {
            profile = c.profile;
            bootSeconds = c.bootSeconds;
            imagePullSeconds = c.imagePullSeconds;
            pullBeforeStop = c.pullBeforeStop;
            appReadySeconds = c.appReadySeconds;
            appShutdownSeconds = c.appShutdownSeconds;
            startupCheckIntervalSeconds = c.startupCheckIntervalSeconds;
            propagationSeconds = c.propagationSeconds;
            apiLatencySeconds = c.apiLatencySeconds;
            destroySeconds = c.destroySeconds;
            requestSeconds = c.requestSeconds;
            proxyRetries = c.proxyRetries;
            proxyRetryBackoffSeconds = c.proxyRetryBackoffSeconds;
            proxyRetryMaxBackoffSeconds = c.proxyRetryMaxBackoffSeconds;
            proxyHoldTimeoutSeconds = c.proxyHoldTimeoutSeconds;
            legacyCanaryGetsTraffic = c.legacyCanaryGetsTraffic;
        }

        PlatformConfig build() {
            return new PlatformConfig(profile, bootSeconds, imagePullSeconds, pullBeforeStop, appReadySeconds,
                    appShutdownSeconds, startupCheckIntervalSeconds, propagationSeconds, apiLatencySeconds,
                    destroySeconds, requestSeconds, proxyRetries, proxyRetryBackoffSeconds,
                    proxyRetryMaxBackoffSeconds, proxyHoldTimeoutSeconds, legacyCanaryGetsTraffic);
        }
    }
}
