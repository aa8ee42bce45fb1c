/*
 * flyctl's "canary" strategy as on master: the legacy throwaway canary, then the update phase.
 * Follows: superfly/flyctl master at #5108, internal/command/deploy/machines_deploymachinesapp.go
 * (deployMachinesApp's canary phase, deployCanaryMachines, inferCanaryGuest, spawnMachineInGroup;
 * the update phase is updateUsingRollingStrategy on the legacy path) and, with deployRetries > 0,
 * updateExistingMachinesWRecovery's "canary" case (#3709, #4825) over plan.go. Spec 4.3 (a) and (b).
 * appconfig's validation: "error canary deployment strategy is not supported when using mounted volumes".
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
 *  - Process groups get their canaries in name order (fly.toml order in flyctl).
 *  - The mounts validation runs when the deploy starts (flyctl validates the config before).
 *  - As in flyctl, an error destroying a healthy canary is dropped (the goroutine returns before its
 *    deferred destroy assigns the error); we report it as a WARN step.
 *  - Recovery path (b): the canary machine is the first machine in list order (sorted by ID) that is
 *    started, else the first (spec 4.3b.1; older flyctl took Machines[0]); phase 2 re-reads the app
 *    state so the canary becomes a no-op whose checks are memoised.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.Guarantee;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.strategies.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * flyctl master's canary: on every deploy but the first, one canary per process group is launched
 * with DNS skip_registration, smoke and health checked, and destroyed before any existing machine
 * is touched (a canary whose checks fail is left behind and the deploy aborts); then the existing
 * machines are rolled (legacy path) or updated one canary machine first, then the rest (recovery path).
 */
public final class CanaryStrategy extends FlyctlStrategy {

    @Override
    public String name() {
        return "canary";
    }

    @Override
    public String source() {
        return "flyctl master @#5108 internal/command/deploy/machines_deploymachinesapp.go (deployCanaryMachines), plan.go";
    }

    @Override
    String flyctlStrategy() {
        return "canary";
    }

    @Override
    void preflight(DeployContext ctx) {
        rejectMounts(ctx);
    }

    static void rejectMounts(DeployContext ctx) {
        for (MachineConfig c : ctx.release().groups().values()) {
            if (!c.mounts().isEmpty()) {
                throw Errors.error("error canary deployment strategy is not supported when using mounted volumes");
            }
        }
    }

    @Override
    public List<Guarantee> guarantees() {
        // No serving promise: with one machine the canary is gone before the only machine goes down
        // (spec section 5, #4745).
        List<Guarantee> out = new ArrayList<>(machineryGuarantees());
        out.add(converged());
        out.add(RollingStrategy.poolReached());
        out.addAll(canarySucceeds());
        return List.copyOf(out);
    }

    /**
     * The canaries' succeeds promises, either applies. Found by the property suite: on the recovery path with no
     * started machine, phase 1 picks the first machine of the app's list (spec 4.3b), which is not among the
     * deploy's entries (the canary), and flyctl fails with "failed to find machine ... under app".
     */
    static List<Guarantee> canarySucceeds() {
        return List.of(succeeds(SUCCEEDS_WHY + "; the legacy path", Guarantee.when(Conditions.DEPLOY_RETRIES, "==", 0)),
                succeeds(SUCCEEDS_WHY + "; the recovery path's phase 1 picks a started machine",
                        Guarantee.when(Conditions.MIN_STARTED_MACHINES, ">=", 1)));
    }

    /** inferCanaryGuest: an existing machine's guest size when it differs from the release's. */
    static String inferCanaryGuest(MachineDeployment md, String group) {
        String canaryGuest = md.release.configFor(group).guestSize();
        for (LeasableMachine lm : md.machineSet.getMachines()) {
            Machine m = lm.machine();
            if (m.processGroup().equals(group) && !m.config().guestSize().equals(canaryGuest)) {
                return m.config().guestSize();
            }
        }
        return canaryGuest;
    }

    /**
     * deployCanaryMachines: for every process group concurrently (the first error cancelling the
     * others), spawn a canary with fly_canary=true and DNS skip_registration; destroy it once its
     * checks passed. A canary that fails is not destroyed.
     */
    static void deployCanaryMachines(MachineDeployment md) {
        List<String> groups = new ArrayList<>(md.release.groups().keySet());
        md.step(Steps.DEPLOY_CANARY_MACHINES, null, groups.size() + " groups, DNS skip_registration");
        TaskGroup errors = md.tasks.group("deployCanaryMachines", Math.max(1, groups.size()), true);
        for (String name : groups) {
            errors.go("canary " + name, () -> {
                LeasableMachine lm;
                try {
                    lm = md.spawnMachineInGroup(name, canaryMetadata(), true, inferCanaryGuest(md, name));
                } catch (RuntimeException err) {
                    md.step(Steps.CANARY_LEAKED, null, "Failed to create canary machine: " + firstLine(Errors.message(err)));
                    throw err;
                }
                // runTestMachines: machine_checks are not modelled (S1).
                try {
                    md.step(Steps.DESTROY_CANARY, lm.id(), "");
                    md.api.destroy(lm.id(), true, ""); // machcmd.Destroy(force) (S7)
                } catch (RuntimeException destroyErr) {
                    if (Errors.isCancelled(destroyErr)) {
                        throw destroyErr;
                    }
                    md.step(Steps.WARN, lm.id(), "could not destroy machine " + lm.id() + ": " + Errors.message(destroyErr));
                }
                return null;
            });
        }
        errors.await();
    }

    static Map<String, String> canaryMetadata() {
        Map<String, String> meta = new TreeMap<>();
        meta.put(LaunchInputs.META_CANARY, "true");
        return meta;
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The recovery path's canary (spec 4.3b): update the first started machine alone (pushing
     * forward on failure), then re-read the app state and update every machine.
     */
    static void updateWRecovery(MachineDeployment md, List<Machine> oldAppState, List<Machine> newAppState,
                                RecoveryPlan.Settings settings) {
        Machine pick = null;
        for (Machine m : oldAppState) {
            if (m.state() == MachineState.STARTED) {
                pick = m;
                break;
            }
        }
        if (pick == null) {
            pick = oldAppState.get(0);
        }
        Machine canaryMach = null;
        for (Machine m : newAppState) {
            if (m.id().equals(pick.id())) {
                canaryMach = m;
            }
        }
        if (canaryMach == null) {
            throw Errors.error("failed to find machine " + pick.id() + " under app " + md.ctx.appName());
        }
        md.step(Steps.CANARY_PHASE_1, pick.id(), "updating the canary machine alone");
        md.plan.updateMachinesWRecovery(List.of(pick), List.of(pick), List.of(canaryMach), settings);
        List<Machine> refreshed = md.plan.appState();
        md.step(Steps.CANARY_PHASE_2, null, "updating every machine");
        md.plan.updateMachinesWRecovery(oldAppState, refreshed, newAppState, settings);
    }
}
