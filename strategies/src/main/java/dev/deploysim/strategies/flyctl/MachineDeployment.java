/*
 * Follows flyctl internal/command/deploy/machines_deploymachinesapp.go and machines.go (master at
 * #5108), and PR #4948 for the canary that serves during the roll.
 *
 * Every API call goes through FlapsClient, fly-go's client-side retries (its header has F1, F2).
 * Shared divergences (every strategy inherits them; strategy headers refer to them as S1..S13):
 *  S1  Not modelled: the release command machine, Tigris statics, release status updates, the DNS
 *      check, machine_checks test machines
 *      (runTestMachines is a no-op: MachineConfig has no machine_checks), the org bluegreen
 *      capability check, --update-only, --regions/--process-groups filters, restart-only deploys.
 *  S2  The machine set is every machine MachinesApi.list() returns, sorted by ID; flyctl filters out
 *      release-command and console machines, which our platform does not have. The first deploy is
 *      "the app has no machines".
 *  S3  Goroutine pools are task groups with the same limits; Go map iteration (process groups, app
 *      state maps) is sorted iteration; errgroup.Group (no context) is a group without
 *      cancel-on-error whose first error is the first in submission order, not in time order.
 *  S4  No jitter in any backoff (Backoff).
 *  S5  Status and log lines become step observations (Steps); only the steps flyctl's functions
 *      mark are reported.
 *  S6  New process groups get two machines when they have services, one otherwise; flyctl's
 *      standby machine for service-less groups is not created (standbys are not modelled).
 *  S7  A destroy without a held lease (legacy canary, removed-group machines, non-ok bluegreen
 *      blues, greens) passes the empty nonce; flyctl passes the launch response's nonce, which by
 *      then names a released lease, and the API accepts it as "no lease held".
 *  S8  Errors are DeployExceptions whose messages follow flyctl's wording; wrapping with %w keeps
 *      the inner message (so substring checks such as "lease currently held by" behave the same).
 *  S9  The replacement path (updateMachineByReplace) releases the new machine's launch lease when
 *      it returns, before the waits, as flyctl's code does (defer in updateMachineByReplace); the
 *      spec's 1.4 sentence groups it with canary and new-group machines, which do hold it through
 *      their waits (spawnMachineInGroup).
 *  S10 The recovery path's lease TTL is the --lease-timeout duration; plan.go passes
 *      int(md.leaseTimeout), a Duration's nanoseconds, as the TTL in seconds.
 *  S11 Lease nonces the recovery path acquires are kept in a per-deploy map keyed by machine ID
 *      (flyctl mutates fly.Machine.LeaseNonce in its app-state structs); nonces that the Machines
 *      API's list shows for leases held by others are never reused.
 *  S12 "Ctrl-C" is cancellation of the deploy task: blocking calls throw CancelledException, which
 *      is flyctl's context.Canceled (bluegreen's abort channel included); cleanup runs with
 *      cancellation deferred, like flyctl's context.WithoutCancel.
 *  S13 The listen-address check (warnAboutIncorrectListenAddress) asks MachinesApi.listening, which
 *      the platform answers with "the app answers requests": an app that binds the wrong address, or
 *      binds before it can answer, is not modelled; neither is the old-init case (no sockets listed),
 *      which in flyctl only silences the warning, not the polling.
 */
package dev.deploysim.strategies.flyctl;

import dev.deploysim.model.concurrent.CancelledException;
import dev.deploysim.model.concurrent.Clock;
import dev.deploysim.model.concurrent.Tasks;
import dev.deploysim.model.deploy.DeployContext;
import dev.deploysim.model.deploy.DeployException;
import dev.deploysim.model.deploy.Release;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.Machine;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApi;
import dev.deploysim.model.machines.MachinesApiException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One deploy of an app (flyctl's {@code machineDeployment}): the top-level flow shared by every
 * strategy (process-group diff, canary phase, removal of dropped groups, new groups, update of the
 * existing machines) and the per-machine update and wait routines the strategies call.
 */
final class MachineDeployment {

    /** The process groups flyctl adds and removes before updating (ProcessGroupsDiff). */
    record ProcessGroupsDiff(List<LeasableMachine> machinesToRemove, List<String> groupsNeedingMachines) {
    }

    /** machineUpdateEntry: a machine and the launch input it is updated with. */
    static final class MachineUpdateEntry {
        LeasableMachine leasableMachine;
        final LaunchInput launchInput;

        MachineUpdateEntry(LeasableMachine leasableMachine, LaunchInput launchInput) {
            this.leasableMachine = leasableMachine;
            this.launchInput = launchInput;
        }

        String id() {
            return leasableMachine.id();
        }
    }

    final DeployContext ctx;
    final MachinesApi api;
    final Clock clock;
    final Tasks tasks;
    final Release release;
    final DeploySettings settings;
    /** flyctl's md.strategy: immediate, rolling, canary or bluegreen. */
    final String strategy;
    /** PR #4948: canaries serve (no DNS skip_registration) and are destroyed after the roll. */
    final boolean canaryServesDuringRoll;
    final RecoveryPlan plan;
    MachineSet machineSet;
    boolean isFirstDeploy;
    private final List<LeasableMachine> liveCanaries = new ArrayList<>();
    /** md.listenAddressChecked: the process groups whose listen addresses were checked in this deploy. */
    private final TreeSet<String> listenAddressChecked = new TreeSet<>();

    MachineDeployment(DeployContext ctx, DeploySettings settings, String strategy, boolean canaryServesDuringRoll) {
        this.ctx = ctx;
        this.api = ctx.machines();
        this.clock = ctx.clock();
        this.tasks = ctx.tasks();
        this.release = ctx.release();
        this.settings = settings;
        this.strategy = strategy;
        this.canaryServesDuringRoll = canaryServesDuringRoll;
        this.plan = new RecoveryPlan(this);
    }

    void step(String step, String machineId, String detail) {
        ctx.steps().step(step, machineId, detail == null ? "" : detail);
    }

    /**
     * deployMachinesApp: diff the process groups, run the canary phase (canary, not on a first
     * deploy), destroy machines of removed groups, create machines for new groups, then update the
     * existing machines with the strategy.
     */
    void deployMachinesApp() {
        step(Steps.DEPLOY_MACHINES_APP, null, strategy + (settings.recoveryPath() ? " (recovery path)" : " (legacy path)"));
        List<LeasableMachine> lms = new ArrayList<>();
        for (Machine m : api.list()) {
            lms.add(new LeasableMachine(ctx, m, ""));
        }
        machineSet = new MachineSet(ctx, lms);
        isFirstDeploy = machineSet.isEmpty();
        ProcessGroupsDiff diff = resolveProcessGroupChanges();
        try {
            if (strategy.equals("canary") && !isFirstDeploy) {
                if (canaryServesDuringRoll) {
                    CanaryServingStrategy.deployCanaryMachines(this);
                } else {
                    CanaryStrategy.deployCanaryMachines(this);
                }
            }

            // Destroy machines that don't fit the current process groups.
            if (!diff.machinesToRemove().isEmpty()) {
                step(Steps.REMOVE_MACHINES, null, diff.machinesToRemove().size() + " machines of removed groups");
                machineSet.removeMachines(diff.machinesToRemove());
                for (LeasableMachine m : diff.machinesToRemove()) {
                    api.destroy(m.id(), true, ""); // machcmd.Destroy(force), no lease held (S7)
                }
            }

            deployCreateMachinesForGroups(diff);

            List<MachineUpdateEntry> entries = new ArrayList<>();
            for (LeasableMachine lm : machineSet.getMachines()) {
                LaunchInput li;
                try {
                    li = LaunchInputs.forUpdate(release, lm.machine());
                } catch (RuntimeException e) {
                    throw Errors.wrap("failed to update machine configuration for " + lm.formattedMachineId(), e);
                }
                entries.add(new MachineUpdateEntry(lm, li));
            }
            updateExistingMachines(entries);
        } finally {
            if (canaryServesDuringRoll) {
                CanaryServingStrategy.destroyCanariesAfterRoll(this);
            }
        }
    }

    /** resolveProcessGroupChanges: machines of groups the release drops, groups without machines. */
    ProcessGroupsDiff resolveProcessGroupChanges() {
        List<LeasableMachine> toRemove = new ArrayList<>();
        TreeSet<String> withMachines = new TreeSet<>();
        for (LeasableMachine lm : machineSet.getMachines()) {
            String g = lm.machine().processGroup();
            if (release.groups().containsKey(g)) {
                withMachines.add(g);
            } else {
                toRemove.add(lm);
            }
        }
        List<String> needing = new ArrayList<>();
        for (String g : release.groups().keySet()) {
            if (!withMachines.contains(g)) {
                needing.add(g);
            }
        }
        return new ProcessGroupsDiff(toRemove, needing);
    }

    /** deployCreateMachinesForGroups: one machine per new group, a second one for groups with services (--ha). */
    void deployCreateMachinesForGroups(ProcessGroupsDiff diff) {
        for (String group : diff.groupsNeedingMachines()) {
            step(Steps.DEPLOY_CREATE_MACHINES_FOR_GROUPS, null, "No machines in group " + group + ", launching a new machine");
            spawnMachineInGroup(group, Map.of(), false, null);
            MachineConfig groupConfig = release.configFor(group);
            if (!groupConfig.mounts().isEmpty()) {
                continue;
            }
            if (groupConfig.hasServices()) {
                // machines_deploymachinesapp.go 421
                step(Steps.DEPLOY_CREATE_MACHINES_FOR_GROUPS, null,
                        "Creating a second machine for high availability and zero downtime deployments.");
                spawnMachineInGroup(group, Map.of(), false, null);
            }
        }
    }

    /**
     * spawnMachineInGroup: launches a machine of {@code group} holding a lease for wait-timeout,
     * then (unless skip_launch or immediate) smoke checks, waits for started and for health
     * checks, and releases the lease.
     *
     * @param metadata extra metadata (the canary's {@code fly_canary})
     * @param dnsSkipRegistration DNS skip_registration (the legacy canary's withDns)
     * @param guestSize guest size to use instead of the release's, or null
     */
    LeasableMachine spawnMachineInGroup(String group, Map<String, String> metadata, boolean dnsSkipRegistration,
                                        String guestSize) {
        LaunchInput input = LaunchInputs.forLaunch(release, group);
        MachineConfig config = input.config();
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            config = config.withMetadata(e.getKey(), e.getValue());
        }
        if (guestSize != null) {
            config = config.withGuestSize(guestSize);
        }
        if (dnsSkipRegistration) {
            config = config.withDnsSkipRegistration(true);
        }
        input = input.withConfig(config).withLeaseTtl(settings.waitTimeout());
        Machine raw;
        try {
            raw = api.launch(input);
        } catch (RuntimeException e) {
            throw Errors.wrap("error creating a new machine", e);
        }
        LeasableMachine lm = LeasableMachine.launched(ctx, raw);
        step(Steps.SPAWN_MACHINE_IN_GROUP, lm.id(), "Machine " + lm.formattedMachineId() + " was created");
        try {
            if (input.skipLaunch() || strategy.equals("immediate")) {
                return lm;
            }
            doSmokeChecks(lm);
            if (settings.healthChecks()) {
                step(Steps.WAIT_FOR_STATE, lm.id(), "started");
                lm.waitForState(MachineState.STARTED, settings.waitTimeout());
                if (settings.prHead()) {
                    // PR #4948 at 6ee5f59d8: leasable_machine.go 370-372 returns when the launch response's
                    // runtime check list is empty, which it always is for a fresh machine (flyctl #4952)
                    step(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS, lm.id(), "no check results on the launched machine: passed at once");
                } else {
                    step(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS, lm.id(), "");
                    try {
                        lm.waitForHealthchecksToPass(settings.waitTimeout());
                    } catch (RuntimeException err) {
                        warnAboutIncorrectListenAddress(lm); // machines_deploymachinesapp.go 1173
                        throw err;
                    }
                }
            }
            warnAboutIncorrectListenAddress(lm); // 1187
            return lm;
        } finally {
            releaseLeaseWarn(lm);
        }
    }

    /** releaseLease: releases and logs the error, if any. */
    void releaseLeaseWarn(LeasableMachine lm) {
        try {
            tasks.withoutCancel(() -> {
                lm.releaseLease();
                return null;
            });
        } catch (RuntimeException e) {
            step(Steps.WARN, lm.id(), "failed to release lease for machine " + lm.id() + ": " + Errors.message(e));
        }
    }

    /** Remembers a canary that serves until the roll completes (PR #4948). */
    synchronized void addLiveCanary(LeasableMachine lm) {
        liveCanaries.add(lm);
    }

    synchronized List<LeasableMachine> liveCanaries() {
        return List.copyOf(liveCanaries);
    }

    /** The live canaries, forgotten: nothing will destroy them (PR #4948's head after a failed canary phase). */
    synchronized List<LeasableMachine> takeLiveCanaries() {
        List<LeasableMachine> out = List.copyOf(liveCanaries);
        liveCanaries.clear();
        return out;
    }

    /**
     * updateExistingMachines: the recovery path when deployRetries > 0; otherwise leases on every
     * machine up front, the background refresh, the strategy, and the release of the leases.
     */
    void updateExistingMachines(List<MachineUpdateEntry> entries) {
        step(Steps.UPDATE_EXISTING_MACHINES, null, entries.size() + " machines with " + strategy + " strategy");
        if (settings.recoveryPath()) {
            updateExistingMachinesWRecovery(entries);
            return;
        }
        if (entries.isEmpty()) {
            return;
        }
        machineSet.acquireLeases(settings.leaseTimeout());
        try {
            machineSet.startBackgroundLeaseRefresh(settings.leaseTimeout(), settings.leaseDelayBetween());
            switch (strategy) {
                case "bluegreen" -> updateUsingBlueGreenStrategy(entries);
                case "immediate" -> ImmediateStrategy.updateUsingImmediateStrategy(this, entries);
                default -> RollingStrategy.updateUsingRollingStrategy(this, entries);
            }
        } finally {
            machineSet.releaseLeases();
        }
    }

    /**
     * updateExistingMachinesWRecovery: builds the old app state (the API's machine list) and the
     * new one (each entry's machine with its target config, "started" unless skip_launch,
     * "replacing" when it requires replacement) and hands them to the recovery plan.
     */
    void updateExistingMachinesWRecovery(List<MachineUpdateEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Machine> oldAppState = plan.appState();
        List<Machine> newAppState = new ArrayList<>();
        for (MachineUpdateEntry e : entries) {
            Machine m = e.leasableMachine.machine();
            MachineState state = m.state();
            if (!e.launchInput.skipLaunch()) {
                state = MachineState.STARTED;
            }
            if (e.launchInput.requiresReplacement()) {
                state = MachineState.REPLACING;
            }
            newAppState.add(new Machine(m.id(), m.region(), state, e.launchInput.config(), m.instanceId(), m.hostStatus(),
                    m.cordoned(), m.checks(), m.leaseNonce(), m.leaseOwner(), m.events(), m.createdAt()));
        }
        boolean skipHealth = !settings.healthChecks();
        boolean skipSmoke = !settings.smokeChecks();
        switch (strategy) {
            case "bluegreen" -> {
                machineSet.acquireLeases(settings.leaseTimeout());
                try {
                    machineSet.startBackgroundLeaseRefresh(settings.leaseTimeout(), settings.leaseDelayBetween());
                    updateUsingBlueGreenStrategy(entries);
                } finally {
                    machineSet.releaseLeases();
                }
            }
            case "immediate" -> plan.updateMachinesWRecovery(oldAppState, oldAppState, newAppState,
                    new RecoveryPlan.Settings(true, true, true, false));
            case "canary" -> CanaryStrategy.updateWRecovery(this, oldAppState, newAppState,
                    new RecoveryPlan.Settings(true, skipHealth, skipSmoke, false));
            default -> plan.updateMachinesWRecovery(oldAppState, oldAppState, newAppState,
                    new RecoveryPlan.Settings(true, skipHealth, skipSmoke, false));
        }
    }

    /** updateUsingBlueGreenStrategy: Deploy, and on failure Rollback; a rollback error replaces the deploy error. */
    void updateUsingBlueGreenStrategy(List<MachineUpdateEntry> entries) {
        BlueGreenStrategy.BlueGreen bg = new BlueGreenStrategy.BlueGreen(this, entries);
        try {
            bg.deploy();
        } catch (RuntimeException err) {
            boolean rolledBack;
            try {
                rolledBack = tasks.withoutCancel(() -> bg.rollback(err));
            } catch (RuntimeException rollbackErr) {
                step(Steps.WARN, null, "Error in rollback: " + Errors.message(rollbackErr));
                throw new DeployException(Errors.message(rollbackErr), rollbackErr, false, Errors.isUnrecoverable(err));
            }
            throw new DeployException(Errors.message(err), err, rolledBack, Errors.isUnrecoverable(err));
        }
    }

    /**
     * updateMachine: replaces when required, else updates in place and falls back to replacing on
     * "could not reserve resource for machine" or "deploys to this host are temporarily disabled",
     * unless the machine has a volume.
     */
    void updateMachine(MachineUpdateEntry e) {
        step(Steps.UPDATE_MACHINE, e.id(), e.launchInput.requiresReplacement() ? "replace" : "in place");
        if (e.launchInput.requiresReplacement()) {
            updateMachineByReplace(e);
            return;
        }
        try {
            updateMachineInPlace(e);
        } catch (RuntimeException err) {
            if (Errors.isCancelled(err)) {
                throw err;
            }
            if (!e.leasableMachine.machine().config().mounts().isEmpty()) {
                throw err; // replacing a machine with a volume lands on the same host
            }
            if (Errors.contains(err, "could not reserve resource for machine")
                    || Errors.contains(err, "deploys to this host are temporarily disabled")) {
                updateMachineByReplace(e);
                return;
            }
            throw err;
        }
    }

    /** updateMachineInPlace: one Update call with the lease nonce. */
    void updateMachineInPlace(MachineUpdateEntry e) {
        step(Steps.UPDATE_MACHINE_IN_PLACE, e.id(), "Updating " + e.leasableMachine.formattedMachineId());
        e.leasableMachine.update(e.launchInput);
    }

    /**
     * updateMachineByReplace: destroys the machine (kill) first, then launches its replacement
     * with a lease for wait-timeout, released when this returns (S9).
     */
    void updateMachineByReplace(MachineUpdateEntry e) {
        step(Steps.UPDATE_MACHINE_BY_REPLACE, e.id(), "Replacing " + e.leasableMachine.formattedMachineId() + " by new machine");
        e.leasableMachine.destroy(true);
        LaunchInput launch = e.launchInput.withoutId().withLeaseTtl(settings.waitTimeout());
        Machine raw = api.launch(launch);
        LeasableMachine lm = LeasableMachine.launched(ctx, raw);
        e.leasableMachine = lm;
        step(Steps.UPDATE_MACHINE_BY_REPLACE, lm.id(), "Created machine " + lm.formattedMachineId());
        releaseLeaseWarn(lm);
    }

    /**
     * waitForMachine (legacy): nothing for skip_launch machines; else wait started (unless health
     * checks are off), smoke checks, health checks.
     */
    void waitForMachine(MachineUpdateEntry e) {
        if (e.launchInput.skipLaunch()) {
            return;
        }
        LeasableMachine lm = e.leasableMachine;
        step(Steps.WAIT_FOR_MACHINE, lm.id(), "");
        if (settings.healthChecks()) {
            step(Steps.WAIT_FOR_STATE, lm.id(), "started");
            lm.waitForState(MachineState.STARTED, settings.waitTimeout());
            // runTestMachines: machine_checks are not modelled (S1).
        }
        doSmokeChecks(lm);
        if (settings.healthChecks()) {
            step(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS, lm.id(), "");
            try {
                lm.waitForHealthchecksToPass(settings.waitTimeout());
            } catch (RuntimeException err) {
                warnAboutIncorrectListenAddress(lm); // machines_deploymachinesapp.go 236
                throw err;
            }
        }
        warnAboutIncorrectListenAddress(lm); // 243
    }

    /** doSmokeChecks: skipped with --smoke-checks=false; failures read "smoke checks for X failed: ...". */
    void doSmokeChecks(LeasableMachine lm) {
        if (!settings.smokeChecks()) {
            return;
        }
        step(Steps.DO_SMOKE_CHECKS, lm.id(), "Checking that " + lm.formattedMachineId() + " is up and running");
        try {
            lm.waitForSmokeChecksToPass();
        } catch (RuntimeException e) {
            if (Errors.isCancelled(e)) {
                throw e;
            }
            throw Errors.wrap("smoke checks for " + lm.id() + " failed", e);
        }
    }

    /** defaultListenAddressCheckTimeout (machines_deploymachinesapp.go 1276). */
    static final Duration LISTEN_ADDRESS_CHECK_TIMEOUT = Duration.ofSeconds(15);

    /**
     * warnAboutIncorrectListenAddress (machines_deploymachinesapp.go 1316-1383): once per process
     * group and deploy (listenAddressChecked, 1319), for a group with services, poll until the
     * machine's app has bound its service ports or until listenAddressCheckTimeoutFor (1283: the
     * largest check grace period, at least 15 s) has passed, then warn if it has not. An API error
     * ends the check silently (1416-1418), as does cancellation (1472-1474); the check never fails
     * the deploy, but its polling is wall time before whatever flyctl does next.
     */
    void warnAboutIncorrectListenAddress(LeasableMachine lm) {
        String group = lm.machine().processGroup();
        synchronized (listenAddressChecked) {
            if (!listenAddressChecked.add(group)) {
                return;
            }
        }
        MachineConfig groupConfig = release.groups().get(group);
        if (groupConfig == null || !groupConfig.hasServices()) {
            return; // no TCP services expected: nothing to warn about (1336-1339)
        }
        Duration timeout = LISTEN_ADDRESS_CHECK_TIMEOUT;
        if (settings.prHead()) {
            timeout = Duration.ZERO; // at 6ee5f59d8 the check reads GetProcesses once (1288-1330), no polling
        }
        for (CheckDefinition c : settings.prHead() ? List.<CheckDefinition>of() : groupConfig.checks()) {
            if (c.gracePeriod().compareTo(timeout) > 0) {
                timeout = c.gracePeriod();
            }
        }
        step(Steps.LISTEN_ADDRESS_CHECK, lm.id(), "waiting up to " + timeout.toMillis() / 1000.0 + " s for the service ports to be bound");
        // waitForExpectedListenAddresses (1391-1478): backoff 500 ms x 1.5 up to 2 s (jitter 0.2 not modelled, S4).
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(2), 1.5);
        Instant deadline = clock.now().plus(timeout);
        try {
            while (true) {
                boolean bound;
                try {
                    bound = api.listening(lm.id());
                } catch (MachinesApiException e) {
                    return;
                }
                if (bound) {
                    return;
                }
                if (!clock.now().isBefore(deadline)) {
                    step(Steps.WARN, lm.id(), "The app is not listening on the expected address and will not be reachable"
                            + " by fly-proxy.");
                    return;
                }
                Duration wait = b.next();
                Duration remaining = Duration.between(clock.now(), deadline);
                if (remaining.compareTo(wait) < 0) {
                    wait = remaining;
                }
                if (wait.isZero() || wait.isNegative()) {
                    continue;
                }
                clock.sleep(wait);
            }
        } catch (CancelledException e) {
            // ctx.Done(): the check returns quietly; the caller's next blocking call sees the cancellation
        }
    }

    /** getPoolSize: max-unavailable >= 1 is a count (floor), below 1 a fraction: ceil(n x mu). */
    int getPoolSize(int totalMachines) {
        double mu = settings.maxUnavailable();
        if (mu >= 1) {
            return (int) mu;
        }
        return (int) Math.ceil(totalMachines * mu);
    }
}
