package dev.deploysim.strategies.nomad;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.strategies.fleet.Fleet;
import dev.deploysim.strategies.fleet.GroupPlan;
import dev.deploysim.strategies.fleet.Instances;
import dev.deploysim.strategies.fleet.Readiness;
import dev.deploysim.strategies.fleet.Terminations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One task group's deployment: the scheduler's reconciler (place canaries, stop the allocations
 * promoted canaries replace, destructively update at most {@code max_parallel} unhealthy-or-pending
 * allocations at a time) together with the deployment watcher (allocation health, auto-promote,
 * the progress deadline), synced once a second.
 */
final class GroupDeployment {

    /** How a deployment ended. */
    enum Status { SUCCESSFUL, FAILED }

    /** An allocation's deployment health, set once (Nomad never flips it back). */
    enum Health { PENDING, HEALTHY, UNHEALTHY }

    /** An allocation this deployment placed. */
    static final class Alloc {
        final String id;
        final boolean canary;
        final Instant placedAt;
        Health health = Health.PENDING;
        Machine machine;

        Alloc(Machine machine, boolean canary, Instant placedAt) {
            this.id = machine.id();
            this.machine = machine;
            this.canary = canary;
            this.placedAt = placedAt;
        }
    }

    /** The update block as this deployment applies it. */
    record Update(int maxParallel, int canary, boolean autoPromote, Duration minHealthyTime, Duration healthyDeadline,
                  Duration progressDeadline) {
    }

    private final DeployContext ctx;
    private final Fleet fleet;
    private final GroupPlan plan;
    private final MachineConfig target;
    private final Update update;
    private final String label;
    private final Readiness readiness = new Readiness();
    private final Terminations terminations;
    private final TreeMap<String, Alloc> allocs = new TreeMap<>();
    private boolean promoted;
    private boolean awaitingPromotion;
    private Instant requireProgressBy;
    private Instant placeReschedulesAt = Instant.MIN;
    private int rescheduleAttempt;
    private String failure = "";

    /**
     * @param target the job version this deployment rolls out (the release's config, or for an
     *     auto-revert the last stable one)
     * @param label "deployment" or "revert", prefixed to every step's detail
     */
    GroupDeployment(DeployContext ctx, Fleet fleet, GroupPlan plan, MachineConfig target, Update update, String label) {
        this.ctx = ctx;
        this.fleet = fleet;
        this.plan = plan;
        this.target = target;
        this.update = update;
        this.label = label;
        this.terminations = new Terminations(ctx, NomadStrategy.STOP_ALLOCATION);
    }

    /** Why the deployment failed ("Failed due to progress deadline", ...), empty if it did not. */
    String failure() {
        return failure;
    }

    /** Runs the deployment to success or failure; stops its unpromoted canaries on failure; waits for its stops. */
    Status run() {
        try {
            Status s = update.maxParallel() == 0 ? forcedUpdate() : deploy();
            if (s == Status.FAILED) {
                stopUnpromotedCanaries();
            }
            return s;
        } finally {
            terminations.awaitAll();
        }
    }

    private Status deploy() {
        requireProgressBy = ctx.clock().now().plus(update.progressDeadline());
        while (true) {
            Optional<List<Machine>> polled = fleet.poll();
            if (polled.isPresent()) {
                Instant now = ctx.clock().now();
                int inFlight = terminations.inFlight();
                int handBacks = terminations.handBacks();
                List<Machine> members = observe(polled.get(), now);
                if (!failure.isEmpty()) {
                    return Status.FAILED;
                }
                if (reconcile(members, now)) {
                    // successful only once every stopped allocation is gone: a stop that gave up hands it back
                    if (inFlight == 0 && terminations.inFlight() == 0 && terminations.handBacks() == handBacks) {
                        step(NomadStrategy.DEPLOYMENT_SUCCESSFUL, "Deployment completed successfully");
                        return Status.SUCCESSFUL;
                    }
                    terminations.awaitAll();
                    continue;
                }
            }
            if (!update.progressDeadline().isZero() && ctx.clock().now().isAfter(requireProgressBy)) {
                return fail("Failed due to progress deadline");
            }
            ctx.clock().sleep(NomadStrategy.SYNC_PERIOD);
        }
    }

    private Status fail(String why) {
        failure = why;
        step(NomadStrategy.DEPLOYMENT_FAILED, why);
        return Status.FAILED;
    }

    /**
     * Updates allocation health from one poll and returns the task group's active allocations
     * (machines of the group neither cold nor being stopped).
     */
    private List<Machine> observe(List<Machine> all, Instant now) {
        List<Machine> members = new ArrayList<>();
        List<Machine> instances = plan.instances(all);
        readiness.observe(instances, now);
        TreeMap<String, Machine> byId = new TreeMap<>();
        for (Machine m : instances) {
            byId.put(m.id(), m);
        }
        for (Alloc a : allocs.values()) {
            if (terminations.isTerminating(a.id)) {
                continue;
            }
            Machine m = byId.get(a.id);
            if (m != null) {
                a.machine = m;
            }
            if (a.health != Health.PENDING) {
                continue;
            }
            if (m == null || !Instances.isActive(m)) {
                unhealthy(a, "allocation failed");
            } else if (readiness.readyFor(m, update.minHealthyTime(), now)) {
                a.health = Health.HEALTHY;
                requireProgressBy = now.plus(update.progressDeadline());
                step(NomadStrategy.ALLOCATION_HEALTHY, a.id, (a.canary ? "canary " : "") + a.id + " healthy");
            } else if (!now.isBefore(a.placedAt.plus(update.healthyDeadline()))) {
                unhealthy(a, "not healthy within healthy_deadline");
            }
        }
        for (Machine m : instances) {
            if (terminations.isTerminating(m.id()) || m.state().isGone()) {
                continue;
            }
            Alloc a = allocs.get(m.id());
            if (a != null && a.health == Health.UNHEALTHY) {
                continue;
            }
            if (!Instances.isActive(m)) {
                // a failed or lost allocation: stopped and, if it was ours, replaced after the reschedule delay
                terminations.start(m, Terminations.Spec.stopAtOnce(), "allocation " + m.state().apiName());
                continue;
            }
            members.add(m);
        }
        return members;
    }

    private void unhealthy(Alloc a, String why) {
        a.health = Health.UNHEALTHY;
        step(NomadStrategy.ALLOCATION_UNHEALTHY, a.id, (a.canary ? "canary " : "") + a.id + ": " + why);
        if (update.progressDeadline().isZero()) {
            fail("Failed due to unhealthy allocations");
            return;
        }
        // rescheduled: the reschedule block's defaults for service jobs (30 s, doubling, at most 1 h)
        Duration delay = NomadStrategy.RESCHEDULE_DELAY.multipliedBy(1L << Math.min(rescheduleAttempt, 7));
        if (delay.compareTo(NomadStrategy.RESCHEDULE_MAX_DELAY) > 0) {
            delay = NomadStrategy.RESCHEDULE_MAX_DELAY;
        }
        rescheduleAttempt++;
        placeReschedulesAt = ctx.clock().now().plus(delay);
        terminations.start(a.machine, stopSpec(), "unhealthy; rescheduled in " + delay.toSeconds() + "s");
    }

    /**
     * The reconciler's decisions for one sync; true once the deployment is complete: every
     * allocation runs the target version, healthy, and canaries (if any) are promoted.
     */
    private boolean reconcile(List<Machine> members, Instant now) {
        List<Machine> old = new ArrayList<>();
        List<Alloc> current = new ArrayList<>();
        for (Machine m : members) {
            Alloc a = allocs.get(m.id());
            if (a != null) {
                current.add(a);
            } else if (Instances.runs(m, target)) {
                // already on the target version before this deployment: counts as placed and healthy
                Alloc adopted = new Alloc(m, false, now);
                adopted.health = Health.HEALTHY;
                allocs.put(m.id(), adopted);
                current.add(adopted);
            } else {
                old.add(m);
            }
        }
        boolean reschedulePending = now.isBefore(placeReschedulesAt);
        int canaries = update.canary();
        if (canaries > 0 && !promoted) {
            long placedCanaries = current.stream().filter(a -> a.canary).count();
            if (!reschedulePending) {
                placeAll((int) (canaries - placedCanaries), true, now);
            }
            long healthyCanaries = current.stream().filter(a -> a.canary && a.health == Health.HEALTHY).count();
            if (healthyCanaries < canaries) {
                return false;
            }
            if (!update.autoPromote()) {
                if (!awaitingPromotion) {
                    awaitingPromotion = true;
                    step(NomadStrategy.AWAITING_PROMOTION, "Deployment is running but requires manual promotion");
                }
                return false;
            }
            promoted = true;
            requireProgressBy = now.plus(update.progressDeadline());
            step(NomadStrategy.PROMOTE, "auto_promote: " + healthyCanaries + " healthy canaries promoted");
        }
        int count = plan.desired();
        // computeStop: once canaries are promoted they count, and the old allocations they replace stop
        int excess = old.size() + current.size() - count;
        int stopped = 0;
        for (int i = 0; i < excess && i < old.size(); i++) {
            terminations.start(old.get(i), stopSpec(), promoted ? "replaced by a promoted canary" : "above the group's count");
            stopped++;
        }
        List<Machine> remainingOld = old.subList(stopped, old.size());
        // computeStop removes allocations above count whatever their version: with more canaries than count, the
        // promoted canaries above it stop too (the highest IDs, N6); without this the deployment never completes
        current.sort(Comparator.comparing((Alloc a) -> a.id));
        for (int i = current.size() - 1; stopped < excess && i >= 0; i--) {
            Alloc surplus = current.remove(i);
            allocs.remove(surplus.id);
            terminations.start(surplus.machine, stopSpec(), "above the group's count");
            stopped++;
        }
        // computeLimit: max_parallel minus the deployment's allocations not yet healthy; 0 while an
        // unhealthy one waits for its reschedule
        int limit = 0;
        if (!reschedulePending) {
            limit = update.maxParallel();
            for (Alloc a : current) {
                if (a.health == Health.PENDING) {
                    limit--;
                }
            }
            limit = Math.max(0, limit);
        }
        // computeReplacements before computeDestructiveUpdates: allocations missing from the count (failed,
        // lost, rescheduled) are placed first, then old allocations are destructively updated (stopped and
        // replaced) in name (ID) order, all within the limit and in one plan: every stop starts, then every
        // placement is made at once.
        int missing = Math.max(0, count - remainingOld.size() - current.size());
        int replacements = Math.min(missing, limit);
        int updates = Math.min(limit - replacements, remainingOld.size());
        for (int i = 0; i < updates; i++) {
            terminations.start(remainingOld.get(i), stopSpec(), "destructive update");
        }
        placeAll(replacements + updates, now);
        boolean allHealthy = current.size() == count && current.stream().allMatch(a -> a.health == Health.HEALTHY);
        return remainingOld.isEmpty() && stopped == 0 && updates == 0 && allHealthy;
    }

    private void place(boolean canary, Instant now) {
        fleet.launch(plan, target, canary ? NomadStrategy.PLACE_CANARY : NomadStrategy.PLACE_ALLOCATION)
                .ifPresent(m -> allocs.put(m.id(), new Alloc(m, canary, now)));
    }

    /** Places {@code n} allocations at once (canaries when not yet promoted and {@code canary}). */
    private void placeAll(int n, Instant now) {
        placeAll(n, false, now);
    }

    private void placeAll(int n, boolean canary, Instant now) {
        if (n <= 0) {
            return;
        }
        TaskGroup g = ctx.tasks().group("placements " + plan.group(), n, false);
        for (int i = 0; i < n; i++) {
            g.go("place " + plan.group(), () -> {
                place(canary, now);
                return null;
            });
        }
        g.await();
    }

    /** max_parallel = 0: no deployment; every allocation is stopped and replaced at once, with no health gating. */
    private Status forcedUpdate() {
        List<Machine> all = fleet.pollUntilAnswered();
        Instant now = ctx.clock().now();
        int placed = 0;
        for (Machine m : plan.instances(all)) {
            if (Instances.isActive(m) && !Instances.runs(m, target)) {
                terminations.start(m, stopSpec(), "forced update");
                placed++;
            } else if (!Instances.isActive(m) && !m.state().isGone()) {
                terminations.start(m, Terminations.Spec.stopAtOnce(), "allocation " + m.state().apiName());
            }
        }
        placeAll(placed, now);
        step(NomadStrategy.DEPLOYMENT_SUCCESSFUL, "max_parallel = 0: " + placed + " allocations replaced without a deployment");
        return Status.SUCCESSFUL;
    }

    /** Cancel any non-promoted canaries from a failed deployment (reconcile.go). */
    private void stopUnpromotedCanaries() {
        if (promoted) {
            return;
        }
        for (Alloc a : allocs.values()) {
            if (a.canary && !terminations.isTerminating(a.id) && !a.machine.state().isGone()) {
                terminations.start(a.machine, stopSpec(), "canary of a failed deployment");
            }
        }
    }

    /** Stopping an allocation: its services are deregistered, then its tasks get the kill signal (shutdown_delay 0). */
    private static Terminations.Spec stopSpec() {
        return new Terminations.Spec(true, Duration.ZERO);
    }

    private void step(String step, String detail) {
        step(step, null, detail);
    }

    private void step(String step, String machineId, String detail) {
        ctx.steps().step(step, machineId, plan.group() + " " + label + ": " + detail);
    }
}
