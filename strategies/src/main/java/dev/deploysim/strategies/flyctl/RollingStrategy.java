/*
 * flyctl's "rolling" strategy (flyctl's default).
 * Follows: superfly/flyctl master at #5108, internal/command/deploy/machines_deploymachinesapp.go
 * (updateExistingMachines, updateUsingRollingStrategy, updateEntriesGroup, updateMachine,
 * waitForMachine) for the legacy path, and plan.go (updateMachinesWRecovery) with deployRetries > 0.
 * Divergences:
 *  Shared machinery (each item in full in the header of the class named):
 *  - MachineDeployment S1: not modelled: release command, statics, release status, DNS check,
 *    machine_checks, org capability check, --update-only, --regions and --process-groups filters,
 *    restart-only deploys.
 *  - S2: the machine set is every machine the API lists, by ID; first deploy = no machines.
 *  - S3: goroutine pools are task groups with flyctl's limits; Go map order is sorted order; a
 *    plain errgroup's first error is the first in submission order.
 *  - S4 / L1 / FlapsClient F1: no jitter in any backoff (fly-go's retry waits are the draws' means).
 *  - S5 / L6 / M3: steps and WARN steps instead of log lines.
 *  - S6: no standby machine for new service-less groups.   S7: lease-less destroys pass "" as nonce.
 *  - S8: DeployException messages in flyctl's wording, %w keeping the inner message.
 *  - S9: a replacement's launch lease is released before its waits (as flyctl's code does).
 *  - S10: the recovery path's lease TTL is --lease-timeout (plan.go passes nanoseconds as seconds).
 *  - S11: recovery-path nonces live in a per-deploy map; nonces of others' leases are never reused.
 *  - S12: Ctrl-C is cancellation of the deploy task; cleanup runs with cancellation deferred.
 *  - S13: the listen-address check's "service ports bound" is the platform's "app answers".
 *  - FlapsClient F2: API timeouts are not retried by the transport layer.
 *  - LeasableMachine L2: waits ask flaps for min(remaining, 60 s) and retry API timeouts after the
 *    backoff; L3: the health wait passes at once for a config without checks; L4: the refresh loop
 *    stops on NotFound; L5: the 500 ms release grace is an await with a deadline.
 *  - MachineSet M1: AcquireLeases cancels on the first error and returns it; M2: ReleaseLeases
 *    runs with cancellation deferred.
 *  - LaunchInputs V1: volumes by name only, no unattached-volume inventory; V2: no standbys, host
 *    dedication or Postgres metadata; V3: the config is the release's per-group config over the old
 *    machine's metadata.
 *  - With deployRetries > 0, RecoveryPlan P1: the checks memo is per deploy; P3: waitForMachineState reads
 *    finished waits in the order stopped, started, suspended; P4: a machine the recovery path
 *    creates keeps its lease (never reached here); P5: leases from a failed acquisition attempt expire
 *    instead of being released.
 *  Strategy-specific:
 *  - Process groups are submitted in name order (flyctl ranges over a Go map: random order). With
 *    more than 16 groups this decides which wait for a slot.
 *  - After a failure in a set's pool, queued entries are skipped (step machineUpdateSkipped, flyctl's
 *    "Machine X update canceled") and entries in flight finish their update and waits, as flyctl's
 *    pool does (machines_deploymachinesapp.go 936-1002: the pool's context gates the start, the work
 *    runs on the parent's); the sibling cold/warm set and the other groups are cancelled only once
 *    that pool has drained (eg and groupsPool see the error after updatePool.Wait).
 *  - The pool's error is its first failure (conc joins every error of a cancel-on-error pool).
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.MachineDeployment.MachineUpdateEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * flyctl's rolling strategy: per process group (at most 16 at once, cancel on error), cold and warm
 * machines concurrently; in each set a spearhead is updated and fully waited alone, then the rest
 * in a pool sized by max-unavailable (warm) or min(n, 30) (cold).
 */
public final class RollingStrategy extends FlyctlStrategy {

    /** rollingStrategyMaxConcurrentGroups. */
    static final int MAX_CONCURRENT_GROUPS = 16;

    @Override
    public String name() {
        return "rolling";
    }

    @Override
    public String source() {
        return "flyctl master @#5108 internal/command/deploy/machines_deploymachinesapp.go (updateUsingRollingStrategy), plan.go";
    }

    @Override
    String flyctlStrategy() {
        return "rolling";
    }

    @Override
    public List<Guarantee> guarantees() {
        return rollingGuarantees();
    }

    /** Rolling's promises; canary's update phase is rolling, so it reuses the order and pool ones. */
    static List<Guarantee> rollingGuarantees() {
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        out.add(converged());
        out.add(succeeds(SUCCEEDS_WHY));
        // poolPlusOneBelowWarmCount (was poolBelowWarmCount): found by the property suite; flyctl updates the first
        // batch as soon as it sees the spearhead's checks pass, before the proxy has learnt that the spearhead is back,
        // so with pool = warm - 1 no machine serves for up to the propagation delay; and without a service check the
        // health wait passes as soon as a machine is started, before its app answers.
        out.add(new Guarantee(Conditions.NEVER_ZERO_SERVING, List.of(
                Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0),
                Guarantee.when(Conditions.MIN_WARM_MACHINES, ">=", 3),
                Guarantee.when(Conditions.POOL_PLUS_ONE_BELOW_WARM_COUNT, "==", true),
                Guarantee.when(Conditions.SERVICE_CHECKS, "==", true),
                Guarantee.when(Conditions.HEALTH_CHECKS, "==", true),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MAX_PROPAGATION_SECONDS, "<=", 2)),
                "the spearhead is updated and proven healthy while the other warm machines serve; the first batch"
                        + " leaves one old machine serving while the proxy learns the spearhead is back, and from then on"
                        + " the spearhead serves; assumes the proxy learns it within a batch's update (>= 10 s)"));
        // healthChecks and waitTimeout: found by the property suite; without the waits (flyctl --detach), or when a
        // wait times out before the machine is up (the recovery path goes on), the next batch starts while the last
        // one is still booting.
        out.add(new Guarantee(Conditions.MAX_UNAVAILABLE, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.HEALTH_CHECKS, "==", true), Guarantee.when(FlyctlOptions.WAIT_TIMEOUT, ">=", 120)),
                "warm machines of a group are updated by a pool of max-unavailable (spearhead alone first on the legacy path),"
                        + " each waited for until started and healthy before the pool takes the next"));
        out.add(poolReached());
        out.add(new Guarantee(Conditions.ORDER, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0)),
                "in each process group's cold and warm sets the first machine by ID (the spearhead) finishes its waits"
                        + " before any other machine of that set is updated"));
        // Two promises, either applies: the property suite found the recovery path's push-forward launching a second
        // replacement while the first, failed one is left (boot failures and exhausted capacity).
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0),
                Guarantee.when(Conditions.MIN_MACHINES, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines")),
                "at most the app's machine count per group: in-place updates add nothing, a replacement destroys before it launches"));
        out.add(new Guarantee(Conditions.SURGE_BOUND, List.of(Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS),
                Guarantee.when(Conditions.MIN_MACHINES, ">=", 1),
                Guarantee.when(Conditions.MAX_MACHINES_PER_GROUP, Conditions.IS, "machines")),
                "without faults no replacement fails, so the recovery path never launches a second one"));
        return List.copyOf(out);
    }

    /** pool-reached: the legacy path's warm pool starts full once the spearhead is done (canary's update phase too). */
    static Guarantee poolReached() {
        return new Guarantee(Conditions.POOL_REACHED, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0),
                Guarantee.when(Conditions.FAULTS, "in", Conditions.NO_FAULTS)),
                "updateEntriesGroup submits a warm set's machines after the spearhead to a pool of max-unavailable, which"
                        + " starts min(pool, warm - 1) updates at once; without faults nothing cuts the roll short");
    }

    /**
     * updateUsingRollingStrategy: sort by machine ID, group by process group, and run every group
     * (at most 16 at once, the first error cancelling the rest).
     */
    static void updateUsingRollingStrategy(MachineDeployment md, List<MachineUpdateEntry> updateEntries) {
        md.step(Steps.UPDATE_USING_ROLLING_STRATEGY, null, updateEntries.size() + " machines");
        List<MachineUpdateEntry> sorted = new ArrayList<>(updateEntries);
        sorted.sort(Comparator.comparing(MachineUpdateEntry::id));
        TreeMap<String, List<MachineUpdateEntry>> entriesByGroup = new TreeMap<>();
        for (MachineUpdateEntry e : sorted) {
            entriesByGroup.computeIfAbsent(e.launchInput.config().processGroup(), k -> new ArrayList<>()).add(e);
        }
        TaskGroup groupsPool = md.tasks.group("rollingGroups", MAX_CONCURRENT_GROUPS, true);
        for (Map.Entry<String, List<MachineUpdateEntry>> g : entriesByGroup.entrySet()) {
            String group = g.getKey();
            List<MachineUpdateEntry> warm = new ArrayList<>();
            List<MachineUpdateEntry> cold = new ArrayList<>();
            for (MachineUpdateEntry e : g.getValue()) {
                (e.leasableMachine.machine().state() == MachineState.STARTED ? warm : cold).add(e);
            }
            groupsPool.go("group " + group, () -> {
                TaskGroup eg = md.tasks.group("coldAndWarm " + group, 2, true);
                if (!cold.isEmpty()) {
                    // Capping the size just in case, it may be okay to stop all of them at once.
                    int chunk = Math.min(cold.size(), RecoveryPlan.STOPPED_MACHINES_POOL_SIZE);
                    eg.go("cold " + group, () -> {
                        updateEntriesGroup(md, group, cold, chunk);
                        return null;
                    });
                }
                if (!warm.isEmpty()) {
                    int chunk = Math.max(1, md.getPoolSize(warm.size()));
                    eg.go("warm " + group, () -> {
                        updateEntriesGroup(md, group, warm, chunk);
                        return null;
                    });
                }
                eg.await();
                return null;
            });
        }
        groupsPool.await();
    }

    /**
     * updateEntriesGroup: the first entry (the spearhead) updated and waited alone; only if it
     * succeeds are the others submitted to a pool of {@code poolSize} that cancels on error.
     * flyctl's pool (machines_deploymachinesapp.go 936-940, conc's WithCancelOnError) cancels only
     * its own context: a task checks it when it starts and skips if it is done (988-1002), but runs
     * its update and waits on a context derived from the parent (943, 989), so tasks in flight when
     * another fails run to the end. Hence a task group without cancel-on-error and the pool's
     * context as a flag set by the first failure; the parent's cancellation (the sibling set or
     * another group failing, Ctrl-C) still reaches every task.
     */
    static void updateEntriesGroup(MachineDeployment md, String group, List<MachineUpdateEntry> entries, int poolSize) {
        md.step(Steps.UPDATE_ENTRIES_GROUP, null, group + ": " + entries.size() + " machines, pool " + poolSize);
        TaskGroup updatePool = md.tasks.group("updateEntriesGroup " + group, poolSize, false);
        PoolContext poolCtx = new PoolContext();
        for (int idx = 0; idx < entries.size(); idx++) {
            MachineUpdateEntry e = entries.get(idx);
            if (idx == 0) {
                updateAndWait(md, e); // slow start: the spearhead alone, on the parent context
            } else {
                updatePool.go("update " + e.id(), () -> {
                    if (poolCtx.done()) {
                        md.step(Steps.UPDATE_SKIPPED, e.id(), "Machine " + e.leasableMachine.formattedMachineId() + " update canceled");
                        throw new CancelledException("context canceled");
                    }
                    try {
                        updateAndWait(md, e);
                    } catch (RuntimeException err) {
                        poolCtx.cancel();
                        throw err;
                    }
                    return null;
                });
            }
        }
        updatePool.await();
    }

    /** A conc pool's context as its tasks see it: done once any task of the pool failed. */
    private static final class PoolContext {
        private boolean done;

        synchronized boolean done() {
            return done;
        }

        synchronized void cancel() {
            done = true;
        }
    }

    private static void updateAndWait(MachineDeployment md, MachineUpdateEntry e) {
        String id = e.id();
        try {
            md.updateMachine(e);
            md.waitForMachine(e);
        } catch (RuntimeException err) {
            md.step(Steps.UPDATE_FAILED, id, Errors.isCancelled(err) ? "canceled while it was in progress" : Errors.message(err));
            throw err;
        }
        md.step(Steps.UPDATE_SUCCEEDED, id, "");
    }
}
