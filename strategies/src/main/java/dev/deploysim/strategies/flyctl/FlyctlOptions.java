package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every flyctl strategy accepts, with flyctl's defaults, and flyctl's validation of
 * them (spec section 6). Names are flyctl's flags in camelCase.
 */
public final class FlyctlOptions {

    /** {@code --deploy-retries}: 0 selects the legacy path, more the recovery ("WRecovery") path. */
    public static final String DEPLOY_RETRIES = "deployRetries";
    /** {@code --max-unavailable}: at least 1 is a machine count, below 1 a fraction of a group's warm machines. */
    public static final String MAX_UNAVAILABLE = "maxUnavailable";
    /** {@code --wait-timeout}: bounds every start, health and bluegreen phase wait. */
    public static final String WAIT_TIMEOUT = "waitTimeout";
    /** {@code --lease-timeout}: lease TTL; the refresh loop runs every (TTL - 1 s) / 3. */
    public static final String LEASE_TIMEOUT = "leaseTimeout";
    /** {@code --max-concurrent}: the immediate pool and bluegreen's uncordon/tag/cordon/stop/destroy pools. */
    public static final String MAX_CONCURRENT = "maxConcurrent";
    /** {@code --smoke-checks}. */
    public static final String SMOKE_CHECKS = "smokeChecks";
    /** Health-check waits; flyctl skips them with {@code --detach}. */
    public static final String HEALTH_CHECKS = "healthChecks";
    /** bluegreen's pause between uncordoning greens and cordoning blues. */
    public static final String WAIT_BEFORE_CORDON = "waitBeforeCordon";
    /** bluegreen's pause between cordoning and stopping blues. */
    public static final String WAIT_BEFORE_STOP = "waitBeforeStop";
    /** canary-serving only: run PR #4948's own head commit instead of its change on master. */
    public static final String PR_HEAD = "prHead";

    /** flyctl's default {@code --max-unavailable}. */
    public static final double DEFAULT_MAX_UNAVAILABLE = 0.33;
    /** flyctl's default {@code --wait-timeout}. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofMinutes(5);
    /** flyctl's default {@code --lease-timeout}. */
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofSeconds(13);
    /** flyctl's default {@code --max-concurrent}. */
    public static final int DEFAULT_MAX_CONCURRENT = 8;
    /** bluegreen's {@code waitBeforeCordon} and {@code waitBeforeStop}. */
    public static final Duration DEFAULT_BLUEGREEN_WAIT = Duration.ofSeconds(10);

    private FlyctlOptions() {
    }

    /** The options of immediate, rolling and both canaries. */
    public static List<OptionSpec> common() {
        return List.of(
                new OptionSpec(DEPLOY_RETRIES, OptionSpec.Type.INT, 0,
                        "extra push-forward attempts; 0 = legacy path (flyctl's 'auto' resolves to 0 by default), > 0 = recovery path"),
                new OptionSpec(MAX_UNAVAILABLE, OptionSpec.Type.DOUBLE, DEFAULT_MAX_UNAVAILABLE,
                        "> 0; >= 1 is a machine count, < 1 a fraction (ceil) of a process group's warm machines"),
                new OptionSpec(WAIT_TIMEOUT, OptionSpec.Type.DURATION, DEFAULT_WAIT_TIMEOUT,
                        "bound on each wait for a machine to start, pass its checks or (bluegreen) each phase"),
                new OptionSpec(LEASE_TIMEOUT, OptionSpec.Type.DURATION, DEFAULT_LEASE_TIMEOUT,
                        "machine lease TTL; refreshed every (TTL - 1 s) / 3"),
                new OptionSpec(MAX_CONCURRENT, OptionSpec.Type.INT, DEFAULT_MAX_CONCURRENT,
                        "concurrency of immediate's update pool and of bluegreen's per-machine pools"),
                new OptionSpec(SMOKE_CHECKS, OptionSpec.Type.BOOLEAN, true,
                        "run the ~10 s smoke check (crash-loop detection) after each update"),
                new OptionSpec(HEALTH_CHECKS, OptionSpec.Type.BOOLEAN, true,
                        "wait for started and for all checks passing after each update (flyctl --detach turns this off)"));
    }

    /** bluegreen's options: the common ones and its two waits. */
    public static List<OptionSpec> bluegreen() {
        List<OptionSpec> out = new ArrayList<>(common());
        out.add(new OptionSpec(WAIT_BEFORE_CORDON, OptionSpec.Type.DURATION, DEFAULT_BLUEGREEN_WAIT,
                "pause after uncordoning greens, so the proxy learns them before blues are cordoned"));
        out.add(new OptionSpec(WAIT_BEFORE_STOP, OptionSpec.Type.DURATION, DEFAULT_BLUEGREEN_WAIT,
                "pause after cordoning blues, so the proxy forgets them before they are stopped"));
        return List.copyOf(out);
    }

    /** canary-serving's options: the common ones and the choice of PR #4948's tested code. */
    public static List<OptionSpec> canaryServing() {
        List<OptionSpec> out = new ArrayList<>(common());
        out.add(new OptionSpec(PR_HEAD, OptionSpec.Type.BOOLEAN, false,
                "run PR #4948's head commit 6ee5f59d8 (the code its live probes tested): a canary's health wait passes"
                        + " at once, one listen-address read, and a failed canary phase leaks the other groups' canaries"));
        return List.copyOf(out);
    }

    /**
     * flyctl's validation (spec section 6) plus the bounds the port needs to run at all.
     *
     * @throws InvalidOptionException naming the option
     */
    public static void validate(Options options) {
        int retries = options.getInt(DEPLOY_RETRIES);
        if (retries < 0) {
            throw new InvalidOptionException(DEPLOY_RETRIES, "must be >= 0 (0 = legacy path), was " + retries);
        }
        double mu = options.getDouble(MAX_UNAVAILABLE);
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new InvalidOptionException(MAX_UNAVAILABLE,
                    "the value for --max-unavailable must be > 0 (>= 1 is a machine count, < 1 a fraction), was " + mu);
        }
        Duration wait = options.getDuration(WAIT_TIMEOUT);
        if (wait.isZero() || wait.isNegative()) {
            throw new InvalidOptionException(WAIT_TIMEOUT, "must be > 0, was " + wait);
        }
        Duration lease = options.getDuration(LEASE_TIMEOUT);
        if (lease.compareTo(Duration.ofSeconds(2)) < 0) {
            throw new InvalidOptionException(LEASE_TIMEOUT,
                    "must be >= 2s so that the refresh interval (TTL - 1 s) / 3 is positive, was " + lease);
        }
        int concurrent = options.getInt(MAX_CONCURRENT);
        if (concurrent < 1) {
            throw new InvalidOptionException(MAX_CONCURRENT, "must be >= 1, was " + concurrent);
        }
    }
}
