/*
 * Nomad's job `update` block (a service job), run on fly machines.
 * Follows: the Nomad job specification's update block (developer.hashicorp.com/nomad/docs/job-specification/update:
 * parameters and defaults), nomad/structs/structs.go (UpdateStrategy.Validate), scheduler/reconcile.go
 * (computeGroup, computeLimit, computeStop, canary placement, "cancel any non-promoted canaries from a
 * failed deployment"), nomad/deploymentwatcher (allocation health, auto_promote, progress deadline,
 * auto_revert), and the reschedule block's defaults for service jobs.
 * How Nomad maps onto fly machines:
 *  - a task group is one process group; its count is the number of the group's warm machines when the
 *    deploy begins;
 *  - an allocation is a machine. A destructive update stops the old allocation (its services deregistered,
 *    i.e. the machine cordoned, then its kill signal and kill_timeout; shutdown_delay 0) and places a new one
 *    (launches a machine) in the same plan. A canary is an extra allocation of the new version;
 *  - health_check = "checks": an allocation is healthy once it is started with every check passing
 *    continuously for min_healthy_time; unhealthy when that has not happened within healthy_deadline of its
 *    placement, or when it fails (the machine failed or stopped).
 * Divergences:
 *  N1 The scheduler and the deployment watcher are event driven; here one loop syncs every second and reads
 *     the machines with one list call; health is learnt by polling (never earlier than the truth).
 *  N2 Manual promotion is not modelled. With canaries and auto_promote = false, a deployment whose canaries
 *     are all healthy waits "requires manual promotion" until progress_deadline runs out and then fails as
 *     "Failed due to progress deadline" (its canaries stopped; reverted if auto_revert). Nomad documents the
 *     deadline as reset only by healthy allocations and promotions; hashicorp/nomad#6407 reports a
 *     deployment waiting for promotion long past its deadline instead. Set auto_promote to model an operator
 *     who promotes as soon as the canaries are healthy.
 *  N3 An auto_revert deployment rolls the last stable version (the group's current config) out with the same
 *     update block but without canaries and without reverting again if it fails too.
 *  N4 An unhealthy allocation is stopped and replaced after the reschedule block's service-job defaults
 *     (delay 30 s, exponential, at most 1 h, unlimited attempts); while one waits, no other update starts.
 *  N5 stagger applies to system jobs only (Nomad's docs); a fly app is a service job, so it is validated and
 *     otherwise ignored. health_check other than "checks", the migrate and spread blocks, in-place updates and
 *     job versions other than "before" and "release" are not modelled.
 *  N6 Allocations are chosen by machine ID where Nomad uses name indexes: destructive updates and the old
 *     allocations promoted canaries replace go in ascending order; allocations of the deployment's version
 *     above count (more canaries than count, once promoted) stop in descending order.
 *  N7 fly only: each stop holds the machine's lease; cold machines are not allocations and are updated in
 *     place, still stopped; groups the release adds or drops are not handled.
 *  N8 max_parallel = 0 (no deployment, "forced updates") replaces every allocation at once and returns once
 *     the new ones are placed, without health checks.
 */
package dev.deploysim.strategies.nomad;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Nomad's update block: per task group, optional canaries (promoted automatically when healthy, or
 * waited on), then destructive updates of at most max_parallel allocations not yet healthy at a time,
 * each healthy after min_healthy_time within healthy_deadline, the deployment failing when
 * progress_deadline passes without progress and reverting to the last stable version with auto_revert.
 */
public final class NomadStrategy implements Strategy {

    /** The registered name. */
    public static final String NAME = "nomad";

    /** {@code max_parallel}. */
    public static final String MAX_PARALLEL = "maxParallel";
    /** {@code canary}. */
    public static final String CANARY = "canary";
    /** {@code auto_promote}. */
    public static final String AUTO_PROMOTE = "autoPromote";
    /** {@code auto_revert}. */
    public static final String AUTO_REVERT = "autoRevert";
    /** {@code min_healthy_time}. */
    public static final String MIN_HEALTHY_TIME = "minHealthyTime";
    /** {@code healthy_deadline}. */
    public static final String HEALTHY_DEADLINE = "healthyDeadline";
    /** {@code progress_deadline}. */
    public static final String PROGRESS_DEADLINE = "progressDeadline";
    /** {@code stagger}. */
    public static final String STAGGER = "stagger";

    /** How often the loop syncs (divergence N1). */
    static final Duration SYNC_PERIOD = Duration.ofSeconds(1);
    /** The reschedule block's default delay for service jobs. */
    static final Duration RESCHEDULE_DELAY = Duration.ofSeconds(30);
    /** The reschedule block's default max_delay for service jobs. */
    static final Duration RESCHEDULE_MAX_DELAY = Duration.ofHours(1);

    // ---- steps ----
    /** A canary allocation was placed (machine launched). */
    public static final String PLACE_CANARY = "placeCanary";
    /** A new allocation was placed (machine launched). */
    public static final String PLACE_ALLOCATION = "placeAllocation";
    /** An allocation stop began (deregister, stop, destroy). */
    public static final String STOP_ALLOCATION = "stopAllocation";
    /** An allocation of the deployment was marked healthy. */
    public static final String ALLOCATION_HEALTHY = "allocationHealthy";
    /** An allocation of the deployment was marked unhealthy. */
    public static final String ALLOCATION_UNHEALTHY = "allocationUnhealthy";
    /** Every canary is healthy and auto_promote is off. */
    public static final String AWAITING_PROMOTION = "awaitingPromotion";
    /** The canaries were promoted (auto_promote). */
    public static final String PROMOTE = "promote";
    /** "Deployment completed successfully". */
    public static final String DEPLOYMENT_SUCCESSFUL = "deploymentSuccessful";
    /** The deployment failed (detail: Nomad's status description). */
    public static final String DEPLOYMENT_FAILED = "deploymentFailed";
    /** auto_revert started a deployment of the last stable version. */
    public static final String AUTO_REVERT_STEP = "autoRevert";
    /** A cold machine was updated in place (divergence N7). */
    public static final String UPDATE_COLD_MACHINE = "updateColdMachine";
    /** The deploy failed (detail: the message). */
    public static final String DEPLOY_FAILED = "deployFailed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String source() {
        return "Nomad docs job-specification/update; hashicorp/nomad scheduler/reconcile.go, nomad/deploymentwatcher";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                new OptionSpec(MAX_PARALLEL, OptionSpec.Type.INT, 1,
                        "max_parallel: allocations destructively updated at once (0: no deployment, all at once)"),
                new OptionSpec(CANARY, OptionSpec.Type.INT, 0,
                        "canary: extra allocations of the new version placed before any old one is touched"),
                new OptionSpec(AUTO_PROMOTE, OptionSpec.Type.BOOLEAN, false,
                        "auto_promote: promote once every canary is healthy (else wait; see the header's N2)"),
                new OptionSpec(AUTO_REVERT, OptionSpec.Type.BOOLEAN, false,
                        "auto_revert: on failure, roll the last stable version back out"),
                new OptionSpec(MIN_HEALTHY_TIME, OptionSpec.Type.DURATION, Duration.ofSeconds(10),
                        "min_healthy_time: checks passing this long before an allocation is healthy"),
                new OptionSpec(HEALTHY_DEADLINE, OptionSpec.Type.DURATION, Duration.ofMinutes(5),
                        "healthy_deadline: an allocation not healthy this long after placement is unhealthy"),
                new OptionSpec(PROGRESS_DEADLINE, OptionSpec.Type.DURATION, Duration.ofMinutes(10),
                        "progress_deadline: the deployment fails when no allocation turns healthy for this long (0: the"
                                + " first unhealthy allocation fails it)"),
                new OptionSpec(STAGGER, OptionSpec.Type.DURATION, Duration.ofSeconds(30),
                        "stagger: delay between updates of a system job; not used by service jobs"));
    }

    /** UpdateStrategy.Validate, with Nomad's messages. */
    @Override
    public void validate(Options o) {
        int maxParallel = o.getInt(MAX_PARALLEL);
        if (maxParallel < 0) {
            throw new InvalidOptionException(MAX_PARALLEL, "Max parallel can not be less than zero: " + maxParallel + " < 0");
        }
        int canary = o.getInt(CANARY);
        if (canary < 0) {
            throw new InvalidOptionException(CANARY, "Canary count can not be less than zero: " + canary + " < 0");
        }
        if (canary == 0 && o.getBoolean(AUTO_PROMOTE)) {
            throw new InvalidOptionException(AUTO_PROMOTE, "Auto Promote requires a Canary count greater than zero");
        }
        Duration minHealthy = o.getDuration(MIN_HEALTHY_TIME);
        Duration healthyDeadline = o.getDuration(HEALTHY_DEADLINE);
        Duration progressDeadline = o.getDuration(PROGRESS_DEADLINE);
        if (healthyDeadline.isZero()) {
            throw new InvalidOptionException(HEALTHY_DEADLINE, "Healthy deadline must be greater than zero: " + healthyDeadline);
        }
        if (minHealthy.compareTo(healthyDeadline) >= 0) {
            throw new InvalidOptionException(MIN_HEALTHY_TIME, "Minimum healthy time must be less than healthy deadline: "
                    + minHealthy + " > " + healthyDeadline);
        }
        if (!progressDeadline.isZero() && healthyDeadline.compareTo(progressDeadline) >= 0) {
            throw new InvalidOptionException(HEALTHY_DEADLINE, "Healthy deadline must be less than progress deadline: "
                    + healthyDeadline + " > " + progressDeadline);
        }
        Duration stagger = o.getDuration(STAGGER);
        if (stagger.isZero()) {
            throw new InvalidOptionException(STAGGER, "Stagger must be greater than zero: " + stagger);
        }
    }

    @Override
    public List<Guarantee> guarantees() {
        List<Guarantee> out = new ArrayList<>();
        List<Guarantee.Condition> servingBase = List.of(
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(MIN_HEALTHY_TIME, ">=", 10),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 10));
        List<Guarantee.Condition> canaries = new ArrayList<>(servingBase);
        canaries.add(Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 1));
        canaries.add(Guarantee.when(CANARY, ">=", 1));
        canaries.add(Guarantee.when(AUTO_PROMOTE, "==", true));
        // found by the property suite: with max_parallel 0 Nomad replaces every allocation without a deployment,
        // canaries or not
        canaries.add(Guarantee.when(MAX_PARALLEL, ">=", 1));
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, canaries,
                "old allocations keep serving until the canaries have passed their checks for min_healthy_time, by which"
                        + " time the proxy routes to them; only then are the old ones they replace stopped, and every later"
                        + " destructive update leaves the canaries serving"));
        List<Guarantee.Condition> rolling = new ArrayList<>(servingBase);
        rolling.add(Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 2));
        rolling.add(Guarantee.when(MAX_PARALLEL, "==", 1));
        rolling.add(Guarantee.when(CANARY, "==", 0));
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, rolling,
                "one allocation is down at a time, and the next is stopped only after its predecessor's replacement has"
                        + " passed its checks for min_healthy_time, longer than the proxy takes to learn of it"));
        out.add(new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(CANARY, "==", 0)),
                "every old allocation is destructively updated and the deployment succeeds"));
        out.add(new Guarantee(Conditions.CONVERGED, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(AUTO_PROMOTE, "==", true)),
                "healthy canaries are promoted, the old allocations they replace stopped, the rest destructively updated"));
        // Two promises, either applies: with canaries and no auto_promote the deployment waits for a manual promotion
        // until its progress deadline and fails (divergence N2)
        String succeeds = "without faults every allocation of a healthy release turns healthy within healthy_deadline, so"
                + " the deployment completes";
        out.add(new Guarantee(Conditions.SUCCEEDS, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(CANARY, "==", 0)), succeeds));
        out.add(new Guarantee(Conditions.SUCCEEDS, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true), Guarantee.when(AUTO_PROMOTE, "==", true)),
                succeeds + "; its canaries are promoted as soon as they are healthy"));
        // groups == 1: found by the reverted invariant; the port reverts only the task group that failed (N3), while
        // Nomad reverts the job, every group, to its last stable version: a group that completed stays on the release
        out.add(new Guarantee(Conditions.REVERTED, List.of(Guarantee.when(AUTO_REVERT, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS_BUT_BAD_RELEASE),
                Guarantee.when(Conditions.GROUPS, "==", 1)),
                "auto_revert: a failed deployment rolls the last stable version back out with the same update block, so"
                        + " the group ends with its count of allocations of the old version; the platform itself works"));
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                // + maxParallel and maxParallel >= 1: found by the property suite; a destructive update places the new
                // allocation about half a second before the old one's stop reaches the platform, so both run for that
                // moment (with max_parallel 0, every allocation at once)
                Guarantee.when(MAX_PARALLEL, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines + canary + maxParallel")),
                "per task group at most count + canary allocations that are not being stopped: a destructive update stops"
                        + " the old allocation as it places the new one"));
        out.add(new Guarantee(Conditions.MAX_UNAVAILABLE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                // maxParallel >= 1: found by the property suite; max_parallel 0 updates every allocation at once
                Guarantee.when(MAX_PARALLEL, ">=", 1),
                Guarantee.when(Conditions.MAX_UNAVAILABLE_PER_GROUP, Conditions.IS, "max(maxParallel, canary)")),
                "per task group at most max_parallel allocations (max(max_parallel, canary) when promoted canaries replace"
                        + " old ones) are not healthy because of the deployment at once: computeLimit subtracts every"
                        + " allocation of the deployment not yet healthy"));
        out.add(new Guarantee(Conditions.LEASE_DISCIPLINE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                "each allocation stop acquires the machine's lease, refreshes it, and ends with the destroy or a release"));
        // newVersionHealthy: found by the property suite; a crash-looping release with no checks keeps placing
        // canaries that count as healthy, so the progress deadline never passes and the deploy never ends
        out.add(new Guarantee(Conditions.LIVENESS, List.of(Guarantee.when(PROGRESS_DEADLINE, ">", 0),
                Guarantee.when(Conditions.NEW_VERSION_HEALTHY, "==", true)),
                "a deployment ends successful or when progress_deadline passes without an allocation turning healthy; an"
                        + " auto_revert deployment is bounded the same way"));
        return List.copyOf(out);
    }

    @Override
    public void deploy(DeployContext ctx) {
        validate(ctx.options());
        Options o = ctx.options();
        GroupDeployment.Update update = new GroupDeployment.Update(o.getInt(MAX_PARALLEL), o.getInt(CANARY),
                o.getBoolean(AUTO_PROMOTE), o.getDuration(MIN_HEALTHY_TIME), o.getDuration(HEALTHY_DEADLINE),
                o.getDuration(PROGRESS_DEADLINE));
        boolean autoRevert = o.getBoolean(AUTO_REVERT);
        Fleet fleet = new Fleet(ctx);
        try {
            List<Machine> all = fleet.pollUntilAnswered();
            List<GroupPlan> plans = GroupPlan.of(ctx.release(), all);
            for (GroupPlan p : plans) {
                fleet.updateColdInPlace(p, all, UPDATE_COLD_MACHINE);
            }
            fleet.forEachGroup(plans, "taskGroup", p -> deployGroup(ctx, fleet, p, update, autoRevert));
        } catch (RuntimeException e) {
            DeployException d = Fleet.toDeployException(e);
            ctx.steps().step(DEPLOY_FAILED, null, d.getMessage());
            throw d;
        }
    }

    private static void deployGroup(DeployContext ctx, Fleet fleet, GroupPlan plan, GroupDeployment.Update update,
                                    boolean autoRevert) {
        if (plan.desired() == 0) {
            return;
        }
        GroupDeployment d = new GroupDeployment(ctx, fleet, plan, plan.target(), update, "deployment");
        if (d.run() == GroupDeployment.Status.SUCCESSFUL) {
            return;
        }
        String why = "task group " + plan.group() + ": " + d.failure();
        if (!autoRevert) {
            throw new DeployException(why);
        }
        ctx.steps().step(AUTO_REVERT_STEP, null, plan.group() + ": rolling back to the last stable version " + plan.previous().image());
        GroupDeployment.Update revertUpdate = new GroupDeployment.Update(Math.max(1, update.maxParallel()), 0, false,
                update.minHealthyTime(), update.healthyDeadline(), update.progressDeadline());
        GroupDeployment revert = new GroupDeployment(ctx, fleet, plan, plan.previous(), revertUpdate, "revert");
        if (revert.run() == GroupDeployment.Status.SUCCESSFUL) {
            throw new DeployException(why + "; reverted to the last stable version", null, true, false);
        }
        throw new DeployException(why + "; the revert failed too: " + revert.failure());
    }
}
