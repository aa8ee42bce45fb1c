package dev.deploysim.strategies;

/**
 * The vocabulary of a strategy's promises ({@link dev.deploysim.model.deploy.Guarantee}): the
 * invariant names and the condition keys, each defined here once. The simulator's guarantee
 * checker interprets exactly these and refuses others.
 *
 * <p>Condition values are strings: numbers for counts and seconds, {@code true}/{@code false},
 * and for {@link #FAULTS} a bracketed list of fault classes. Any key equal to a strategy option's
 * name ({@code deployRetries}, {@code healthChecks}, {@code waitBeforeCordon}, ...) refers to
 * that option's resolved value; durations are compared in seconds.
 */
public final class Conditions {
    private Conditions() {
    }

    // ---- invariants ----

    /** After the first deploy, at least one machine serves at every instant (spec section 2's serving(t) >= 1). */
    public static final String NEVER_ZERO_SERVING = "never-zero-serving";
    /** Every probe the prober sends during the deploy succeeds (no timeout, no error, no stall past its limit). */
    public static final String PROBES_ALL_OK = "probes-all-ok";
    /** At most the pool size of a process group's warm machines are out of service because of the deploy at once. */
    public static final String MAX_UNAVAILABLE = "max-unavailable";
    /** At most the stated number of machines (old, new and canaries) exist at once per process group. */
    public static final String SURGE_BOUND = "surge-bound";
    /** A deploy that returns success leaves every machine of every group on the release's config, started or stopped as before. */
    public static final String CONVERGED = "converged";
    /** A failed deploy that rolls back leaves the old machines untouched and destroys everything it created. */
    public static final String CLEAN_ROLLBACK = "clean-rollback";
    /** Once faults heal, the deploy returns (success or error) within a bound derived from its waits. */
    public static final String LIVENESS = "liveness";
    /** Invariant: the deploy ends succeeded, within the liveness bound of its start. */
    public static final String SUCCEEDS = "succeeds";
    /**
     * flyctl rolling's warm pool is used: in each process group whose deploy rolled its warm set (legacy
     * path, {@code updateEntriesGroup}) and succeeded, the updates of warm machines in flight at once reach
     * min(pool size, warm - 1) at least once (the spearhead goes alone, then the pool starts full).
     */
    public static final String POOL_REACHED = "pool-reached";
    /**
     * immediate's declared limit: at most {@code maxConcurrent} updates in flight at once, and, in a deploy
     * that succeeded, min(machines, maxConcurrent) at once at least once (every update is issued together).
     */
    public static final String MAX_CONCURRENT = "max-concurrent";
    /**
     * A deploy that does not succeed ends on the last stable version: every process group has as many
     * started machines as before the deploy, all on the old image (Nomad's auto_revert).
     */
    public static final String REVERTED = "reverted";
    /** Every lease the deploy acquires is released by its end, and no machine leased by the deploy is mutated without the nonce. */
    public static final String LEASE_DISCIPLINE = "lease-discipline";
    /** The strategy's documented step order holds (see each strategy's guarantee text). */
    public static final String ORDER = "order";

    // ---- condition keys ----

    /**
     * The smallest number of machines started before the deploy in any process group that has
     * services (groups without services are not served by the proxy).
     */
    public static final String MIN_WARM_MACHINES = "minWarmMachines";
    /**
     * The classes of faults the scenario injects: {@code none}; {@code no-total-outage} (faults
     * that never take down every machine of a group at once); {@code no-serving-outage} (see
     * {@link #NO_SERVING_OUTAGE}); {@code bad-release} (every fault is a bad release); {@code any}.
     */
    public static final String FAULTS = "faults";
    /** Upper bound of the scenario's proxy propagation delay, in seconds. */
    public static final String MAX_PROPAGATION_SECONDS = "maxPropagationSeconds";
    /**
     * Upper bound of the time a machine takes from its update or launch until its app answers: the
     * platform's image pull, boot and app-ready times together, in seconds (infinite if one is unbounded).
     */
    public static final String MAX_START_SECONDS = "maxStartSeconds";
    /**
     * Whether, in every group with services, the warm pool size (max-unavailable rule over the
     * group's warm machines) is smaller than the group's warm machine count.
     */
    public static final String POOL_BELOW_WARM_COUNT = "poolBelowWarmCount";
    /**
     * The smallest number of machines (started and stopped) before the deploy in any process
     * group. A group with none is new to the deploy: flyctl creates its machines instead of
     * updating them, which no promise about "the group's machines" covers.
     */
    public static final String MIN_MACHINES = "minMachines";
    /** The number of process groups the app has before the deploy. */
    public static final String GROUPS = "groups";
    /** The smallest number of machines started before the deploy in any process group (with services or not). */
    public static final String MIN_STARTED_MACHINES = "minStartedMachines";
    /**
     * Whether, in every group with services, the warm pool size plus one (the spearhead) is smaller
     * than the group's warm machine count: some warm machine is in neither the spearhead nor the
     * first batch, so it still serves while the proxy learns that the spearhead is back.
     */
    public static final String POOL_PLUS_ONE_BELOW_WARM_COUNT = "poolPlusOneBelowWarmCount";
    /**
     * Whether the warm pool sizes of all groups with services together (groups roll at the same
     * time) are at most the proxy's retries per request: machines updated in place keep their routes
     * until the proxy learns they are down, and a request fails only if every instance it tries is
     * such a stale route.
     */
    public static final String POOL_WITHIN_PROXY_RETRIES = "poolWithinProxyRetries";
    /** Whether every process group with services has at least one service-level check. */
    public static final String SERVICE_CHECKS = "serviceChecks";
    /** Whether the released version passes its checks (a bad release never does). */
    public static final String NEW_VERSION_HEALTHY = "newVersionHealthy";
    /** The {@code deployRetries} option (0 = legacy path). */
    public static final String DEPLOY_RETRIES = "deployRetries";
    /** The {@code healthChecks} option. */
    public static final String HEALTH_CHECKS = "healthChecks";
    /** The {@code smokeChecks} option. */
    public static final String SMOKE_CHECKS = "smokeChecks";
    /** bluegreen's {@code waitBeforeCordon} option, in seconds. */
    public static final String WAIT_BEFORE_CORDON = "waitBeforeCordon";

    // ---- bounds (declarations, not conditions) ----

    /**
     * The bound of a {@link #SURGE_BOUND} promise, declared in that guarantee's condition list with
     * the operator {@code is}: the most machines a process group may have at once during the deploy,
     * as an arithmetic expression over {@code machines} (the group's machines before the deploy,
     * started and stopped), {@code warm} (its started ones) and the strategy's numeric options
     * ({@code + - * /}, parentheses, {@code ceil floor min max}; a percentage option value such as
     * {@code 25%} reads as 0.25). E.g. {@code when(MAX_MACHINES_PER_GROUP, "is", "machines + 1")}.
     * It never restricts when the promise applies; a surge-bound promise without it is refused.
     */
    public static final String MAX_MACHINES_PER_GROUP = "maxMachinesPerGroup";
    /**
     * The bound of a {@link #MAX_UNAVAILABLE} promise, declared like {@link #MAX_MACHINES_PER_GROUP}
     * (operator {@code is}, the same names): the most warm machines of a group that may be
     * unavailable at once, e.g. {@code max(1, floor(warm * maxUnavailable))}. Without it the
     * checker uses flyctl's pool size over the strategy's numeric {@code maxUnavailable} option.
     */
    public static final String MAX_UNAVAILABLE_PER_GROUP = "maxUnavailablePerGroup";
    /** The operator of a bound declaration. */
    public static final String IS = "is";

    // ---- values ----

    /** {@link #FAULTS} value: no faults. */
    public static final String NO_FAULTS = "[none]";
    /** {@link #FAULTS} value: no faults, or faults that never take down every machine of a group. */
    public static final String NO_TOTAL_OUTAGE = "[none, no-total-outage]";
    /**
     * {@link #FAULTS} value: no faults, or faults that at the instant they strike always leave a machine
     * of the group that is both serving (routed in the proxy's view and answering) and routable in
     * truth (started, registered, not cordoned, passing its service checks). A stricter class than
     * {@code no-total-outage}: a machine the deploy has cordoned, or one the proxy has not learnt of
     * yet, is not a survivor.
     */
    public static final String NO_SERVING_OUTAGE = "[none, no-serving-outage]";
    /** {@link #FAULTS} value: no faults, or only bad releases (the platform itself works). */
    public static final String NO_FAULTS_BUT_BAD_RELEASE = "[none, bad-release]";
    /** {@link #FAULTS} value: any faults. */
    public static final String ANY_FAULTS = "[none, no-total-outage, any]";
}
