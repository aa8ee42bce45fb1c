/*
 * flyctl's "immediate" strategy.
 * Follows: superfly/flyctl master at #5108, internal/command/deploy/machines_deploymachinesapp.go
 * (updateExistingMachines, updateUsingImmediateStrategy, spawnMachineInGroup's early return) and, with
 * deployRetries > 0, plan.go (updateMachinesWRecovery with smoke and health checks skipped).
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
 *  - The pool's errors are the first failure with the others attached as suppressed exceptions and
 *    joined into the message (conc's pool joins them with errors.Join).
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.strategies.Conditions;
import dev.deploysim.strategies.flyctl.MachineDeployment.MachineUpdateEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * flyctl's immediate strategy: every machine's update issued at once (at most max-concurrent at a
 * time), no waits, no smoke or health checks.
 */
public final class ImmediateStrategy extends FlyctlStrategy {

    @Override
    public String name() {
        return "immediate";
    }

    @Override
    public String source() {
        return "flyctl master @#5108 internal/command/deploy/machines_deploymachinesapp.go (updateUsingImmediateStrategy), plan.go";
    }

    @Override
    String flyctlStrategy() {
        return "immediate";
    }

    @Override
    public List<Guarantee> guarantees() {
        // No serving promise: every machine restarts at once (spec section 5).
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        out.add(converged());
        out.add(succeeds(SUCCEEDS_WHY));
        out.add(new Guarantee(Conditions.MAX_CONCURRENT, List.of(Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0)),
                "the legacy path gives every update to one pool of max-concurrent without waits, which starts"
                        + " min(machines, max-concurrent) at once and never more"));
        return List.copyOf(out);
    }

    /**
     * updateUsingImmediateStrategy: a pool of max-concurrent, no cancel-on-error, updateMachine on
     * every entry; errors aggregated.
     */
    static void updateUsingImmediateStrategy(MachineDeployment md, List<MachineUpdateEntry> entries) {
        md.step(Steps.UPDATE_USING_IMMEDIATE_STRATEGY, null, entries.size() + " machines, pool " + md.settings.maxConcurrent());
        TaskGroup updatesPool = md.tasks.group("immediate", md.settings.maxConcurrent(), false);
        for (MachineUpdateEntry e : entries) {
            updatesPool.go("update " + e.id(), () -> {
                try {
                    md.updateMachine(e);
                } catch (RuntimeException err) {
                    md.step(Steps.UPDATE_FAILED, e.id(), Errors.message(err));
                    throw err;
                }
                md.step(Steps.UPDATE_SUCCEEDED, e.id(), "");
                return null;
            });
        }
        try {
            updatesPool.await();
        } catch (RuntimeException first) {
            if (updatesPool.errors().size() <= 1) {
                throw first;
            }
            StringBuilder joined = new StringBuilder();
            for (Throwable t : updatesPool.errors()) {
                if (!joined.isEmpty()) {
                    joined.append('\n');
                }
                joined.append(Errors.message(t));
            }
            throw new dev.deploysim.model.deploy.DeployException(joined.toString(), first, false, Errors.isUnrecoverable(first));
        }
    }
}
