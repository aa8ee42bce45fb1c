/*
 * surge-rolling: deploysim's own rolling strategy, designed to never leave a process group without a serving
 * machine, whatever its size, and to say exactly what it needs to keep that promise.
 * Source: this file (no platform's); the fleet package it shares with the k8s, nomad and ecs ports.
 * The proxy's knowledge, by proxy: a strategy cannot ask fly's proxy what it routes to. It can see what the
 * proxy is told (a machine started, registered, not cordoned, passing its service checks) and it can wait.
 * So it treats a replacement as routed once it has passed every check continuously for routeWait; that is
 * sound when the proxy's propagation delay never exceeds routeWait (docs/model.md section 8: 0.5-10 s, with a
 * tail to 20 s after PR #3297, hence the 20 s default). A cordon takes the same time to reach the proxy, and
 * the old machine keeps answering until it is stopped, drainWait after the cordon.
 * Steps, per process group in name order, for each warm machine not on the release (sorted by ID), at most
 * `surge` at a time:
 *  1. lease the old machine (held until it is destroyed);
 *  2. launch its replacement with the release's config in the old machine's region (a launch whose answer
 *     timed out adopts the unclaimed new machine it may have created, instead of launching another);
 *  3. wait until the replacement has passed every check for routeWait without a break or a restart;
 *  4. cordon the old machine and let it drain for drainWait, watching the replacement: if the replacement
 *     stops passing, uncordon the old machine and go back to step 3;
 *  5. stop the old machine (kill signal, kill_timeout) and destroy it.
 * On a failure or a cancellation before step 5, the old machine is put back in service (uncordoned, and
 * routeWait allowed for the proxy to learn it) and the replacement destroyed; after step 5 began, the old
 * machine is destroyed. Replacements finished earlier stay. Cold machines are updated in place, still stopped.
 * Machines at once: at most n + surge per group (a replacement exists before its old machine goes).
 */
package dev.deploysim.strategies.surge;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.deploy.OptionSpec;
import dev.deploysim.model.deploy.Options;
import dev.deploysim.model.deploy.Strategy;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import dev.deploysim.strategies.fleet.Instances;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * surge-rolling: replace each old machine by a new one that is proven routed before the old one
 * is cordoned, drained and destroyed, with at most {@code surge} replacements in flight per group.
 */
public final class SurgeRollingStrategy implements Strategy {

    /** The registered name. */
    public static final String NAME = "surge-rolling";

    /** Replacements in flight at once per process group: machines above the group's count. */
    public static final String SURGE = "surge";
    /** How long a replacement must pass its checks before it counts as routed. */
    public static final String ROUTE_WAIT = "routeWait";
    /** How long a cordoned old machine keeps running before it is stopped. */
    public static final String DRAIN_WAIT = "drainWait";
    /** Bound on launching a replacement and waiting for it to be routed. */
    public static final String WAIT_TIMEOUT = "waitTimeout";

    /** routeWait's default: the model's upper bound on proxy propagation (docs/model.md section 8). */
    public static final Duration DEFAULT_ROUTE_WAIT = Duration.ofSeconds(20);

    // ---- steps ----
    /** A replacement is being launched for an old machine. */
    public static final String LAUNCH_REPLACEMENT = "launchReplacement";
    /** The replacement exists (machine: the replacement). */
    public static final String REPLACEMENT_LAUNCHED = "replacementLaunched";
    /** Waiting for the replacement's checks and then routeWait. */
    public static final String WAIT_FOR_REPLACEMENT = "waitForReplacement";
    /** The replacement was first seen passing every check. */
    public static final String REPLACEMENT_READY = "replacementReady";
    /** The replacement has passed its checks for routeWait: the proxy routes to it. */
    public static final String REPLACEMENT_ROUTED = "replacementRouted";
    /** The old machine was cordoned. */
    public static final String CORDON_OLD = "cordonOld";
    /** The old machine drains for drainWait. */
    public static final String DRAIN_OLD = "drainOld";
    /** The old machine was put back in service. */
    public static final String UNCORDON_OLD = "uncordonOld";
    /** The old machine is being stopped. */
    public static final String STOP_OLD = "stopOld";
    /** The old machine is being destroyed. */
    public static final String DESTROY_OLD = "destroyOld";
    /** A replacement that never took over is destroyed. */
    public static final String DESTROY_REPLACEMENT = "destroyReplacement";
    /** An old machine is replaced. */
    public static final String REPLACED = "replaced";
    /** A cold machine was updated in place. */
    public static final String UPDATE_COLD_MACHINE = "updateColdMachine";
    /** The deploy failed (detail: the message). */
    public static final String DEPLOY_FAILED = "deployFailed";

    /** The resolved options. */
    record Settings(int surge, Duration routeWait, Duration drainWait, Duration waitTimeout) {
        static Settings from(Options o) {
            return new Settings(o.getInt(SURGE), o.getDuration(ROUTE_WAIT), o.getDuration(DRAIN_WAIT), o.getDuration(WAIT_TIMEOUT));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String source() {
        return "deploysim's own design (strategies/surge/SurgeRollingStrategy.java header)";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec(SURGE, OptionSpec.Type.INT, 1,
                        "replacements in flight at once per process group, so at most n + surge machines"),
                new OptionSpec(ROUTE_WAIT, OptionSpec.Type.DURATION, DEFAULT_ROUTE_WAIT,
                        "a replacement counts as routed once it has passed its checks this long; must cover the proxy's"
                                + " propagation delay"),
                new OptionSpec(DRAIN_WAIT, OptionSpec.Type.DURATION, Duration.ofSeconds(10),
                        "how long a cordoned old machine keeps running (requests in flight finish) before it is stopped"),
                new OptionSpec(WAIT_TIMEOUT, OptionSpec.Type.DURATION, Duration.ofMinutes(5),
                        "bound on launching a replacement and waiting until it counts as routed"));
    }

    @Override
    public void validate(Options o) {
        int surge = o.getInt(SURGE);
        if (surge < 1) {
            throw new InvalidOptionException(SURGE, "must be >= 1 (a replacement exists before its old machine goes), was " + surge);
        }
        Duration timeout = o.getDuration(WAIT_TIMEOUT);
        if (timeout.compareTo(o.getDuration(ROUTE_WAIT)) <= 0) {
            throw new InvalidOptionException(WAIT_TIMEOUT, "must be longer than routeWait (" + o.getDuration(ROUTE_WAIT)
                    + "), was " + timeout);
        }
    }

    @Override
    public List<Guarantee> guarantees() {
        List<Guarantee> out = new ArrayList<>();
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, List.of(
                Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 1),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_SERVING_OUTAGE),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 20),
                Guarantee.when(ROUTE_WAIT, ">=", 20)),
                "an old machine is cordoned only after its replacement has passed every check for routeWait (longer than"
                        + " any propagation, so the proxy routes to it), and it keeps answering until drainWait later;"
                        + " a replacement that stops passing meanwhile puts the old machine back in service, and a failure"
                        + " uncordons it before destroying the replacement; holds for any n >= 1 and any release, good or bad"));
        out.add(new Guarantee(Conditions.PROBES_ALL_OK, List.of(
                Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 1),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 20),
                Guarantee.when(ROUTE_WAIT, ">=", 20),
                Guarantee.when(SURGE, "==", 1)),
                "a request the proxy sends to a stopped old machine still routed (a stale route) is retried on another"
                        + " routed machine, and with one replacement at a time at most one stale route exists"));
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + surge")),
                "per process group at most n + surge machines: each of at most surge replacements in flight is launched"
                        + " before its old machine is destroyed"));
        out.add(new Guarantee(Conditions.ORDER, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                "per old machine: its replacement launched, then passing its checks for routeWait, then the old machine"
                        + " cordoned, drainWait later stopped, then destroyed; old machines in ID order, surge at a time"));
        out.add(new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true)),
                "every warm old machine is replaced by a machine on the release's config; cold ones are updated in place"));
        out.add(new Guarantee(Conditions.SUCCEEDS, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(WAIT_TIMEOUT, ">=", 120),
                Guarantee.when(Conditions.MAX_START_SECONDS, "<=", 60)),
                "without faults each replacement of a healthy release starts and passes its checks for routeWait within"
                        + " waitTimeout, and every old machine is drained and destroyed"));
        out.add(new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                "each old machine's lease is acquired before its replacement is launched, refreshed, and dropped with the"
                        + " destroy or released; every mutation of the old machine carries its nonce"));
        out.add(new Guarantee(Conditions.LIVENESS, List.of(),
                "each replacement's launch and routing wait is bounded by waitTimeout, a drain by drainWait (a bounded"
                        + " number of times: each restart needs the replacement to pass its checks again within waitTimeout),"
                        + " a stop by kill_timeout + 10 s; cleanup by routeWait"));
        return List.copyOf(out);
    }

    @Override
    public void deploy(DeployContext ctx) {
        validate(ctx.options());
        Settings settings = Settings.from(ctx.options());
        Fleet fleet = new Fleet(ctx);
        try {
            List<Machine> all = fleet.pollUntilAnswered();
            List<GroupPlan> plans = GroupPlan.of(ctx.release(), all);
            TreeSet<String> claimed = new TreeSet<>();
            for (GroupPlan p : plans) {
                fleet.updateColdInPlace(p, all, UPDATE_COLD_MACHINE);
            }
            for (GroupPlan p : plans) {
                replaceGroup(ctx, p, all, settings, claimed);
            }
        } catch (RuntimeException e) {
            DeployException d = Fleet.toDeployException(e);
            ctx.steps().step(DEPLOY_FAILED, null, d.getMessage());
            throw d;
        }
    }

    private static void replaceGroup(DeployContext ctx, GroupPlan plan, List<Machine> all, Settings settings,
                                     TreeSet<String> claimed) {
        List<Machine> old = new ArrayList<>();
        for (Machine m : plan.instances(all)) {
            if (!Instances.runs(m, plan.target())) {
                old.add(m);
            }
        }
        if (old.isEmpty()) {
            return;
        }
        TaskGroup g = ctx.tasks().group("surge " + plan.group(), settings.surge(), true);
        for (Machine m : old) {
            g.go("replace " + m.id(), () -> {
                new Replacement(ctx, plan, m, settings, claimed).run();
                return null;
            });
        }
        g.await();
    }
}
