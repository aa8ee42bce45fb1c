/*
 * Follows flyctl internal/command/deploy/plan.go (master at #5108): updateMachinesWRecovery and
 * everything it calls. Divergences (besides S1-S13 of MachineDeployment):
 *  P1 The memo of passed checks (flyctl's package-level healthChecksPassed sync.Map) lives in the
 *    deploy's plan, so two deploys never share it.
 *  P2 (closed: skip_launch machines return right after the good-state wait, without a stop, as
 *    plan.go 611-625 does; skip_launch comes from the pre-deploy state on every attempt, 369-375 and
 *    840.) Note on its effect: a machine started before the deploy and found stopped on a retry is
 *    updated with skip_launch = false, as in flyctl, but the simulated platform keeps a machine that
 *    was not running stopped whatever the input says (sim.platform.World.update), so there the retry
 *    still fails where flyd would start the machine; ScriptedMachinesApi's
 *    updateStartsUnlessSkipLaunch shows the flyctl outcome.
 *  P3 waitForMachineState's three waits are goroutines as in flyctl, polled every 1 s; when several
 *    finish within one poll they are read in the order stopped, started, suspended.
 *  P4 A machine created by the recovery path (new in the target state) keeps the lease flyctl takes on
 *    it unreleased, as flyctl does (the lease is not attached to the tuple that is released); our
 *    strategies never create such machines.
 *  P5 Leases acquired before a failed acquisition attempt are not released (flyctl registers the
 *    release only after acquisition succeeds); they expire after their TTL once the refresh
 *    goroutines stop.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.Task;
import dev.deploysim.model.concurrent.TaskGroup;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Lease;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recovery ("WRecovery") path: diff the old and new app states, update each process group's
 * cold and warm machines in pools, and on failure push the state forward up to deployRetries more
 * times, one second apart, unless the error is unrecoverable.
 */
final class RecoveryPlan {

    /** STOPPED_MACHINES_POOL_SIZE. */
    static final int STOPPED_MACHINES_POOL_SIZE = 30;
    /** rollingStrategyMaxConcurrentGroups. */
    static final int ROLLING_STRATEGY_MAX_CONCURRENT_GROUPS = 16;
    /** clearMachineLease: up to 5 retries, 1 s apart. */
    static final int RELEASE_RETRIES = 5;

    /** updateMachineSettings. */
    record Settings(boolean pushForward, boolean skipHealthChecks, boolean skipSmokeChecks, boolean skipLeaseAcquisition) {
    }

    /**
     * machinePairing: a machine before and after (either may be null), and as it was before the
     * deploy began ({@code originalMachine}, not re-read on retries; null for machines the deploy creates).
     */
    record MachinePairing(Machine originalMachine, Machine oldMachine, Machine newMachine) {
        String id() {
            return oldMachine != null ? oldMachine.id() : newMachine.id();
        }

        Machine either() {
            return oldMachine != null ? oldMachine : newMachine;
        }
    }

    /** healthcheckResult: which checks a machine already passed, kept across retries and canary phases. */
    static final class HealthcheckResult {
        boolean regularChecksPassed;
        boolean smokeChecksPassed;
        boolean machineChecksPassed;

        HealthcheckResult(boolean regular, boolean smoke, boolean machine) {
            regularChecksPassed = regular;
            smokeChecksPassed = smoke;
            machineChecksPassed = machine;
        }
    }

    private final MachineDeployment md;
    private final DeployContext ctx;
    private final MachinesApi api;
    private final Tasks tasks;
    private final TreeMap<String, HealthcheckResult> healthChecksPassed = new TreeMap<>();
    private final TreeMap<String, String> leaseNonces = new TreeMap<>();

    RecoveryPlan(MachineDeployment md) {
        this.md = md;
        this.ctx = md.ctx;
        this.api = md.api;
        this.tasks = md.tasks;
    }

    /** appState: the app's machines as the API lists them (sorted by ID). */
    List<Machine> appState() {
        md.step(Steps.APP_STATE, null, "");
        return api.list();
    }

    private synchronized HealthcheckResult memo(String id, Settings s) {
        return healthChecksPassed.computeIfAbsent(id,
                k -> new HealthcheckResult(s.skipHealthChecks(), s.skipSmokeChecks(), s.skipHealthChecks()));
    }

    private synchronized String nonceFor(String id) {
        return leaseNonces.getOrDefault(id, "");
    }

    private synchronized boolean holdsLease(String id) {
        return leaseNonces.containsKey(id);
    }

    private synchronized void rememberLease(String id, String nonce) {
        leaseNonces.put(id, nonce);
    }

    private synchronized String forgetLease(String id) {
        return leaseNonces.remove(id);
    }

    /**
     * updateMachinesWRecovery (plan.go 115): {@code originalAppState} is the state read before the
     * deploy, from which each machine's skip_launch is derived on every attempt (plan.go 369-375, #4984).
     */
    void updateMachinesWRecovery(List<Machine> originalAppState, List<Machine> oldAppState, List<Machine> newAppState,
                                 Settings settings) {
        md.step(Steps.UPDATE_MACHINES_W_RECOVERY, null, "pushForward=" + settings.pushForward()
                + " skipHealthChecks=" + settings.skipHealthChecks() + " skipSmokeChecks=" + settings.skipSmokeChecks()
                + " skipLeaseAcquisition=" + settings.skipLeaseAcquisition());
        TreeMap<String, Machine> originalMachines = new TreeMap<>();
        for (Machine m : originalAppState) {
            originalMachines.put(m.id(), m);
        }
        TreeMap<String, Machine> oldMachines = new TreeMap<>();
        for (Machine m : oldAppState) {
            oldMachines.put(m.id(), m);
        }
        TreeMap<String, Machine> newMachines = new TreeMap<>();
        for (Machine m : newAppState) {
            newMachines.put(m.id(), m);
        }
        List<MachinePairing> machineTuples = new ArrayList<>();
        for (Machine old : oldMachines.values()) {
            Machine nw = newMachines.get(old.id());
            if (nw != null) {
                memo(old.id(), settings);
                machineTuples.add(new MachinePairing(originalMachines.get(old.id()), old, nw));
            }
        }
        for (Machine nw : newMachines.values()) {
            if (!oldMachines.containsKey(nw.id())) {
                memo(nw.id(), settings);
                machineTuples.add(new MachinePairing(originalMachines.get(nw.id()), null, nw));
            }
        }
        TreeMap<String, List<MachinePairing>> byProcessGroup = new TreeMap<>();
        for (MachinePairing p : machineTuples) {
            byProcessGroup.computeIfAbsent(p.either().processGroup(), k -> new ArrayList<>()).add(p);
        }
        int poolSize = Math.max(1, md.getPoolSize(machineTuples.size()));
        List<LeasableMachine> refreshers = new ArrayList<>();
        try {
            if (!settings.skipLeaseAcquisition()) {
                int attempts = 0;
                while (true) {
                    try {
                        acquireLeases(machineTuples, poolSize, refreshers);
                        break;
                    } catch (RuntimeException err) {
                        attempts++;
                        if (attempts > md.settings.deployRetries() || Errors.isUnrecoverable(err) || Errors.isCancelled(err)) {
                            throw Errors.wrap("failed to acquire leases", err);
                        }
                    }
                }
            }
            try {
                updateAllGroups(byProcessGroup, settings, originalAppState, newAppState);
            } finally {
                if (!settings.skipLeaseAcquisition()) {
                    releaseLeases(machineTuples);
                }
            }
        } finally {
            List<Task<?>> loops = new ArrayList<>();
            for (LeasableMachine lm : refreshers) {
                if (lm.refresher() != null) {
                    loops.add(lm.refresher());
                }
            }
            Goroutines.stop(tasks, loops); // the deferred cancel() of updateMachinesWRecovery's context
        }
    }

    /** Runs every process group (at most 16 at once) and, on failure, pushes the state forward. */
    private void updateAllGroups(TreeMap<String, List<MachinePairing>> byProcessGroup, Settings settings,
                                 List<Machine> originalAppState, List<Machine> newAppState) {
        TaskGroup pgroup = tasks.group("updateProcessGroups", ROLLING_STRATEGY_MAX_CONCURRENT_GROUPS, false);
        for (Map.Entry<String, List<MachinePairing>> g : byProcessGroup.entrySet()) {
            pgroup.go("processGroup " + g.getKey(), () -> {
                updateGroupColdAndWarm(g.getKey(), g.getValue());
                return null;
            });
        }
        RuntimeException updateErr = null;
        try {
            pgroup.await();
        } catch (RuntimeException e) {
            updateErr = e;
        }
        if (updateErr == null) {
            return;
        }
        if (!settings.pushForward() || Errors.isUnrecoverable(updateErr) || Errors.isCancelled(updateErr)) {
            throw updateErr;
        }
        pushForward(originalAppState, newAppState, settings, updateErr);
    }

    /**
     * The push-forward loop: re-read the app state and retry with pushForward=false and no lease
     * acquisition, up to deployRetries times, 1 s apart; returns the first error when they run out.
     */
    private void pushForward(List<Machine> originalAppState, List<Machine> newAppState, Settings settings,
                             RuntimeException updateErr) {
        int attempts = 0;
        while (true) {
            if (attempts > md.settings.deployRetries()) {
                md.step(Steps.WARN, null, "Failed to update machines: " + Errors.message(updateErr));
                throw updateErr;
            }
            List<Machine> currentState;
            try {
                currentState = appState();
            } catch (RuntimeException e) {
                throw Errors.wrap("failed to get current app state", e);
            }
            md.step(Steps.PUSH_FORWARD, null, "attempt " + (attempts + 1) + " after: " + Errors.message(updateErr));
            try {
                updateMachinesWRecovery(originalAppState, currentState, newAppState, new Settings(false, settings.skipHealthChecks(),
                        settings.skipSmokeChecks(), true));
                return;
            } catch (RuntimeException err) {
                if (Errors.isCancelled(err) || Errors.isUnrecoverable(err)) {
                    throw err;
                }
                md.step(Steps.WARN, null, "Failed to update machines: " + Errors.message(err) + " Retrying...");
            }
            attempts++;
            md.clock.sleep(Duration.ofSeconds(1));
        }
    }

    /** One process group: cold and warm machines concurrently, the first error cancelling the other set. */
    private void updateGroupColdAndWarm(String group, List<MachinePairing> tuples) {
        List<MachinePairing> warm = new ArrayList<>();
        List<MachinePairing> cold = new ArrayList<>();
        for (MachinePairing p : tuples) {
            (isWarm(p) ? warm : cold).add(p);
        }
        TaskGroup eg = tasks.group("coldAndWarm " + group, 2, true);
        eg.go("cold " + group, () -> {
            int poolSize = Math.min(cold.size(), STOPPED_MACHINES_POOL_SIZE);
            if (!cold.isEmpty()) {
                updateProcessGroup(cold, poolSize);
            }
            return null;
        });
        eg.go("warm " + group, () -> {
            int poolSize = md.getPoolSize(warm.size());
            if (!warm.isEmpty()) {
                updateProcessGroup(warm, Math.max(1, poolSize));
            }
            return null;
        });
        try {
            eg.await();
        } catch (RuntimeException err) {
            if (Errors.contains(err, "lease currently held by")) {
                throw Errors.unrecoverable(err);
            }
            throw err;
        }
    }

    private static boolean isWarm(MachinePairing p) {
        return p.oldMachine() != null && warmState(p.oldMachine().state())
                || p.newMachine() != null && warmState(p.newMachine().state());
    }

    private static boolean warmState(MachineState s) {
        return s == MachineState.STARTED || s == MachineState.REPLACING;
    }

    /**
     * updateProcessGroup (plan.go 349-422): an errgroup with a context and a limit of {@code poolSize}.
     * The first failure cancels the group's context: machines not yet started are skipped ("skipping
     * machine update due to earlier failure", 386-390) and those in flight are cancelled (their
     * calls run on gCtx, 403) -- a task group with cancel-on-error.
     */
    private void updateProcessGroup(List<MachinePairing> tuples, int poolSize) {
        md.step(Steps.UPDATE_PROCESS_GROUP, null, tuples.size() + " machines, pool " + poolSize);
        TaskGroup group = tasks.group("updateProcessGroup", poolSize, true);
        for (MachinePairing p : tuples) {
            group.go("updateMachineWChecks " + p.id(), () -> {
                HealthcheckResult r;
                synchronized (this) {
                    r = healthChecksPassed.get(p.id());
                }
                if (r == null) {
                    throw Errors.error("failed to update machine " + p.id() + ": no health checks stored for machine");
                }
                // skip_launch from the pre-deploy state, not the re-read one (plan.go 369-375)
                boolean skipLaunch = p.newMachine() != null && LaunchInputs.skipLaunch(p.originalMachine());
                try {
                    updateMachineWChecks(p.oldMachine(), p.newMachine(), skipLaunch, r);
                } catch (RuntimeException err) {
                    md.step(Steps.UPDATE_FAILED, p.id(), Errors.message(err));
                    throw Errors.wrap("failed to update machine " + p.id(), err);
                }
                return null;
            });
        }
        group.await();
    }

    /** updateMachineWChecks: update, then the good-state wait, smoke, machine and health checks not yet passed. */
    private void updateMachineWChecks(Machine oldMachine, Machine newMachine, boolean skipLaunch, HealthcheckResult r) {
        String id = oldMachine != null ? oldMachine.id() : newMachine.id();
        md.step(Steps.UPDATE_MACHINE_W_CHECKS, id, "");
        Machine machine = updateOrCreateMachine(oldMachine, newMachine, skipLaunch);
        if (machine == null) {
            return;
        }
        LeasableMachine lm = new LeasableMachine(ctx, machine, nonceFor(machine.id()));
        if (!r.machineChecksPassed || !r.smokeChecksPassed) {
            md.step(Steps.WAIT_FOR_MACHINE_STATE, machine.id(), "Waiting for machine " + id + " to reach a good state");
            waitForMachineState(lm, List.of(MachineState.STOPPED, MachineState.STARTED, MachineState.SUSPENDED),
                    md.settings.waitTimeout());
        }
        if (skipLaunch) {
            md.step(Steps.GOOD_STATE, machine.id(), "Machine " + machine.id() + " is now in a good state");
            return;
        }
        md.warnAboutIncorrectListenAddress(lm); // plan.go 627
        if (!r.smokeChecksPassed) {
            try {
                md.doSmokeChecks(lm);
            } catch (RuntimeException err) {
                throw Errors.unrecoverable(err);
            }
            r.smokeChecksPassed = true;
        }
        if (!r.machineChecksPassed) {
            // runTestMachines: machine_checks are not modelled (S1).
            r.machineChecksPassed = true;
        }
        if (!r.regularChecksPassed) {
            md.step(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS, machine.id(), "Checking health of machine " + machine.id());
            try {
                lm.waitForHealthchecksToPass(md.settings.waitTimeout());
            } catch (RuntimeException err) {
                throw Errors.unrecoverable(err);
            }
            r.regularChecksPassed = true;
        }
        md.step(Steps.GOOD_STATE, machine.id(), "Machine " + machine.id() + " is now in a good state");
    }

    /**
     * updateOrCreateMachine: old only -> destroy; old and new -> update the config (no new lease);
     * new only -> launch and lease; neither -> nothing. Returns the machine to check, or null.
     */
    private Machine updateOrCreateMachine(Machine oldMachine, Machine newMachine, boolean skipLaunch) {
        if (oldMachine != null) {
            if (newMachine == null) {
                api.destroy(oldMachine.id(), true, nonceFor(oldMachine.id()));
                return null;
            }
            md.step(Steps.UPDATE_MACHINE_CONFIG, oldMachine.id(), "Updating machine config for " + oldMachine.id());
            return updateMachineConfig(oldMachine, newMachine.config(), newMachine.state() == MachineState.REPLACING,
                    skipLaunch);
        }
        if (newMachine != null) {
            Machine created = api.launch(LaunchInput.launch(newMachine.region(), newMachine.config()).withSkipLaunch(skipLaunch));
            acquireMachineLease(created.id()); // flyctl returns this lease and never releases it
            return created;
        }
        return null;
    }

    /**
     * updateMachineConfig: nothing when the config is unchanged (ignoring the flyctl version);
     * otherwise flyctl's updateMachine (in place, replace, or the capacity fallback), with the
     * skip_launch of the pre-deploy state (plan.go 840).
     */
    private Machine updateMachineConfig(Machine oldMachine, MachineConfig newConfig, boolean shouldReplace, boolean skipLaunch) {
        if (LaunchInputs.sameConfig(oldMachine.config(), newConfig)) {
            return oldMachine;
        }
        LaunchInput input = LaunchInputs.forUpdate(md.release, oldMachine).withConfig(newConfig);
        input = input.withRequiresReplacement(input.requiresReplacement() || shouldReplace).withSkipLaunch(skipLaunch);
        LeasableMachine lm = new LeasableMachine(ctx, oldMachine, nonceFor(oldMachine.id()));
        MachineDeployment.MachineUpdateEntry entry = new MachineDeployment.MachineUpdateEntry(lm, input);
        md.updateMachine(entry);
        return entry.leasableMachine.machine();
    }

    /**
     * waitForMachineState: one goroutine per state, checked every second; returns the first state
     * reached, or the error once every wait has failed.
     */
    private MachineState waitForMachineState(LeasableMachine lm, List<MachineState> possibleStates, Duration timeout) {
        List<Task<Goroutines.Outcome<MachineState>>> waits = new ArrayList<>();
        for (MachineState s : possibleStates) {
            waits.add(Goroutines.go(tasks, "waitForState " + lm.id() + " " + s.apiName(), () -> {
                lm.waitForState(s, timeout);
                return s;
            }));
        }
        try {
            while (true) {
                MachineState successful = null;
                RuntimeException waitErr = null;
                int completed = 0;
                for (Task<Goroutines.Outcome<MachineState>> t : waits) {
                    if (!t.isDone()) {
                        continue;
                    }
                    completed++;
                    Goroutines.Outcome<MachineState> o = Goroutines.outcome(tasks, t);
                    if (successful != null) {
                        continue;
                    }
                    if (o.ok()) {
                        successful = o.value();
                    } else {
                        waitErr = o.error();
                    }
                }
                if (successful != null || completed == waits.size()) {
                    if (waitErr != null) {
                        throw waitErr;
                    }
                    return successful;
                }
                md.clock.sleep(Duration.ofSeconds(1));
            }
        } finally {
            Goroutines.stop(tasks, waits);
        }
    }

    /** acquireLeases: per machine, pool-size at a time; skips unreachable hosts and leases already held. */
    private void acquireLeases(List<MachinePairing> tuples, int poolSize, List<LeasableMachine> refreshers) {
        md.step(Steps.ACQUIRE_LEASES, null, tuples.size() + " machines, pool " + poolSize);
        TaskGroup leaseGroup = tasks.group("acquireLeases", poolSize, false);
        for (MachinePairing p : tuples) {
            leaseGroup.go("acquireLease " + p.id(), () -> {
                Machine machine = p.either();
                if (machine.hostStatus() == HostStatus.UNREACHABLE) {
                    md.step(Steps.WARN, machine.id(), "Skipped lease for unreachable machine " + machine.id());
                    return null;
                }
                if (holdsLease(machine.id())) {
                    return null; // "Already have lease"
                }
                Lease lease = acquireMachineLease(machine.id());
                rememberLease(machine.id(), lease.nonce());
                LeasableMachine lm = new LeasableMachine(ctx, machine, lease.nonce());
                lm.startBackgroundLeaseRefresh(md.settings.leaseTimeout(), md.settings.leaseDelayBetween());
                synchronized (refreshers) {
                    refreshers.add(lm);
                }
                return null;
            });
        }
        leaseGroup.await();
    }

    /** acquireMachineLease: "failed to get lease" is unrecoverable. */
    private Lease acquireMachineLease(String id) {
        try {
            return api.acquireLease(id, md.settings.leaseTimeout());
        } catch (RuntimeException err) {
            if (Errors.contains(err, "failed to get lease")) {
                throw Errors.unrecoverable(err);
            }
            throw err;
        }
    }

    /** releaseLeases: with cancellation deferred, every held lease, each retried 5 times; errors are ignored. */
    private void releaseLeases(List<MachinePairing> tuples) {
        md.step(Steps.RELEASE_LEASES, null, tuples.size() + " machines");
        if (tuples.isEmpty()) {
            return;
        }
        tasks.withoutCancel(() -> {
            TaskGroup g = tasks.group("releaseLeases", tuples.size(), false);
            for (MachinePairing p : tuples) {
                g.go("releaseLease " + p.id(), () -> {
                    String nonce = forgetLease(p.id());
                    if (nonce != null) {
                        clearMachineLease(p.id(), nonce);
                    }
                    return null;
                });
            }
            try {
                g.await();
            } catch (RuntimeException e) {
                md.step(Steps.WARN, null, "Failed to release leases: " + Errors.message(e));
            }
            return null;
        });
    }

    /** clearMachineLease: ReleaseLease, retried up to 5 times 1 s apart. */
    private void clearMachineLease(String id, String nonce) {
        int attempts = 0;
        while (true) {
            try {
                api.releaseLease(id, nonce);
                return;
            } catch (RuntimeException e) {
                attempts++;
                if (attempts > RELEASE_RETRIES) {
                    throw e;
                }
                md.clock.sleep(Duration.ofSeconds(1));
            }
        }
    }
}
