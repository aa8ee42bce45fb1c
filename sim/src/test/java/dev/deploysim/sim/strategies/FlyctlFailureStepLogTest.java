package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The flyctl strategies' step logs on their failure, recovery and side paths, against the flyctl
 * functions and lines they mirror (master at #5108), on the scripted Machines API (ScriptedMachinesApi:
 * every call 50 ms; machines m01.. before the deploy, x001.. launched by it). The happy paths are
 * FlyctlStepLogTest's; the order conventions are the same (a step on entering flyctl's function,
 * its detail the line flyctl prints there).
 */
class FlyctlFailureStepLogTest {

    private static List<String> lines(Harness h) {
        return h.steps.stream().map(e -> (e.step() + " " + (e.machineId() == null ? "-" : e.machineId()) + " " + e.detail()).strip())
                .toList();
    }

    private static final String HEALTH_TIMEOUT = "timeout reached waiting for health checks to pass for machine %s: context deadline"
            + " exceeded: you can try increasing the timeout with the --wait-timeout flag";

    @Test
    void aRollingSpearheadThatNeverGetsHealthyFailsTheDeployBeforeTheSecondMachine() {
        // updateEntriesGroup: the spearhead's waitForMachine fails -> warnAboutIncorrectListenAddress (236),
        // which polls 15 s and warns (1362), then statusFailure "Machine m01 update failed: <err>" (963-969);
        // idx 0's error returns at once (1024-1027), so m02 never starts; ReleaseLeases is deferred (619).
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("rolling", Map.of("waitTimeout", "30s"));
            String err = String.format(HEALTH_TIMEOUT, "m01");
            assertThat(r.error()).hasMessage(err);
            assertThat(lines(h)).containsExactly(
                    "deployMachinesApp - rolling (legacy path)",
                    "updateExistingMachines - 2 machines with rolling strategy",
                    "acquireLeases - 2 machines, ttl 13s",
                    "startBackgroundLeaseRefresh - every 4s",
                    "updateUsingRollingStrategy - 2 machines",
                    "updateEntriesGroup - app: 2 machines, pool 1",
                    "updateMachine m01 in place",
                    "updateMachineInPlace m01 Updating m01 [app]",
                    "waitForMachine m01",
                    "waitForState m01 started",
                    "doSmokeChecks m01 Checking that m01 [app] is up and running",
                    "waitForHealthchecksToPass m01",
                    "warnAboutIncorrectListenAddress m01 waiting up to 15.0 s for the service ports to be bound",
                    "warn m01 The app is not listening on the expected address and will not be reachable by fly-proxy.",
                    "machineUpdateFailed m01 " + err,
                    "releaseLeases - 2 machines",
                    "deployFailed - " + err);
            // the health wait lasts wait-timeout (WaitForHealthchecksToPass(ctx, md.waitTimeout))
            long waitStart = h.steps("waitForHealthchecksToPass").get(0).atNanos();
            long listen = h.steps("warnAboutIncorrectListenAddress").get(0).atNanos();
            assertThat(listen - waitStart).isEqualTo(30_000_000_000L);
        }
    }

    @Test
    void theRecoveryPathPushesForwardAfterAFailedUpdateAndRetriesOneSecondApart() {
        // plan.go updateMachinesWRecovery 270-345: the first failure enters the push-forward loop (attempts 0):
        // appState, a nested updateMachinesWRecovery with pushForward=false and skipLeaseAcquisition=true; its
        // failure prints "Failed to update machines: <err> Retrying..." (337), attempts++, time.Sleep(1 s).
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.fail("update", "m01", 2, () -> new MachinesApiException.Transient("update", 500));
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 3));
            assertThat(r.ok()).isTrue();
            String err = "update: transient error (status 500)";
            String wrapped = "failed to update machine m01: " + err; // updateProcessGroup 410
            List<String> attempt = List.of(
                    "updateMachineWChecks m01",
                    "updateMachineConfig m01 Updating machine config for m01",
                    "updateMachine m01 in place",
                    "updateMachineInPlace m01 Updating m01 [app]");
            String retrySettings = "updateMachinesWRecovery - pushForward=false skipHealthChecks=false skipSmokeChecks=false"
                    + " skipLeaseAcquisition=true";
            List<String> log = lines(h);
            assertThat(log.subList(0, 17)).containsExactlyElementsOf(concat(
                    List.of("deployMachinesApp - rolling (recovery path)",
                            "updateExistingMachines - 2 machines with rolling strategy",
                            "appState -",
                            "updateMachinesWRecovery - pushForward=true skipHealthChecks=false skipSmokeChecks=false"
                                    + " skipLeaseAcquisition=false",
                            "acquireLeases - 2 machines, pool 1",
                            "updateProcessGroup - 2 machines, pool 1"),
                    attempt,
                    List.of("machineUpdateFailed m01 " + err, // updateProcessGroup's sl.LogStatus(StatusFailure, err) 409
                            "appState -",
                            "pushForward - attempt 1 after: " + wrapped,
                            retrySettings,
                            "updateProcessGroup - 2 machines, pool 1"),
                    attempt.subList(0, 2)));
            assertThat(log).containsSubsequence(
                    "machineUpdateFailed m01 " + err,
                    "warn - Failed to update machines: " + wrapped + " Retrying...",
                    "appState -",
                    "pushForward - attempt 2 after: " + wrapped,
                    retrySettings,
                    "machineInGoodState m01 Machine m01 is now in a good state",
                    "machineInGoodState m02 Machine m02 is now in a good state",
                    "releaseLeases - 2 machines");
            // time.Sleep(1 * time.Second) between the "Retrying..." line and the next appState
            List<Harness.StepEvent> appStates = h.steps("appState");
            long warned = h.steps("warn").get(0).atNanos();
            assertThat(appStates.get(2).atNanos() - warned).isEqualTo(1_000_000_000L);
            assertThat(h.steps("pushForward")).hasSize(2);
        }
    }

    @Test
    void anInPlaceUpdateWithoutCapacityFallsBackToReplacing() {
        // updateMachine 185-201: "could not reserve resource for machine" -> replaceMachine: "Replacing m01 by new
        // machine" (172), updateMachineByReplace (destroy, launch), "Created machine x001" (176); the wait is then
        // on the new machine, the status line stays the entry's (m01)
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 1, () -> new MachinesApiException.CapacityExhausted("iad"));
            Harness.Result r = h.run("rolling");
            assertThat(r.ok()).isTrue();
            assertThat(lines(h)).containsSubsequence(
                    "updateMachine m01 in place",
                    "updateMachineInPlace m01 Updating m01 [app]",
                    "updateMachineByReplace m01 Replacing m01 [app] by new machine",
                    "updateMachineByReplace x001 Created machine x001 [app]",
                    "waitForMachine x001",
                    "waitForState x001 started",
                    "doSmokeChecks x001 Checking that x001 [app] is up and running",
                    "waitForHealthchecksToPass x001",
                    "machineUpdateSucceeded m01");
            assertThat(h.indexOf("destroy", "m01")).isLessThan(h.indexOf("launch", null));
        }
    }

    @Test
    void removedGroupsGoFirstThenNewGroupsGetTwoMachinesThenTheRestIsUpdated() {
        // deployMachinesApp 487-503: RemoveMachines and machcmd.Destroy for groups the config dropped (cron), then
        // deployCreateMachinesForGroups (358-459): "No machines in group worker, launching a new machine" (371),
        // spawnMachineInGroup, and for a group with services the second machine (421); then updateExistingMachines.
        try (Harness h = new Harness().releaseGroup("worker", MachineConfig.web(Harness.NEW_IMAGE, "worker")).startedMachines(1)) {
            h.api.machine("c01", MachineState.STARTED, Harness.web(Harness.OLD_IMAGE, "cron"));
            Harness.Result r = h.run("rolling");
            assertThat(r.ok()).isTrue();
            assertThat(lines(h)).containsSubsequence(
                    "deployMachinesApp - rolling (legacy path)",
                    "removeMachines - 1 machines of removed groups",
                    "deployCreateMachinesForGroups - No machines in group worker, launching a new machine",
                    "spawnMachineInGroup x001 Machine x001 [worker] was created",
                    "doSmokeChecks x001 Checking that x001 [worker] is up and running",
                    "waitForState x001 started",
                    "waitForHealthchecksToPass x001",
                    "warnAboutIncorrectListenAddress x001 waiting up to 15.0 s for the service ports to be bound",
                    "deployCreateMachinesForGroups - Creating a second machine for high availability and zero downtime deployments.",
                    "spawnMachineInGroup x002 Machine x002 [worker] was created",
                    "updateExistingMachines - 1 machines with rolling strategy",
                    "machineUpdateSucceeded m01");
            assertThat(h.api.exists("c01")).isFalse();
            assertThat(h.indexOf("destroy", "c01")).isLessThan(h.indexOf("launch", null));
        }
    }

    @Test
    void immediateReportsEachMachinesOwnOutcome() {
        // updateUsingImmediateStrategy: a pool without cancel-on-error; m01 succeeds, m02's statusFailure
        // "Machine m02 update failed: <err>" (800-812); the pool's error fails the deploy
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.fail("update", "m02", 1, () -> new MachinesApiException.Transient("update", 500));
            Harness.Result r = h.run("immediate");
            assertThat(r.error()).hasMessage("update: transient error (status 500)");
            assertThat(lines(h).subList(4, lines(h).size())).containsExactly(
                    "updateUsingImmediateStrategy - 2 machines, pool 8",
                    "updateMachine m01 in place",
                    "updateMachineInPlace m01 Updating m01 [app]",
                    "updateMachine m02 in place",
                    "updateMachineInPlace m02 Updating m02 [app]",
                    "machineUpdateSucceeded m01",
                    "machineUpdateFailed m02 update: transient error (status 500)",
                    "releaseLeases - 2 machines",
                    "deployFailed - update: transient error (status 500)");
        }
    }

    @Test
    void aCanaryThatNeverGetsHealthyIsLeftBehindAndNoExistingMachineIsTouched() {
        // spawnMachineInGroup 1172-1176: the health wait fails, the listen-address check runs, the deferred
        // releaseLease finds the canary's lease (TTL wait-timeout) expired and warns (1040); deployCanaryMachines
        // prints "Failed to create canary machine: <first line>" (325); no destroy (#4745)
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("canary", Map.of("waitTimeout", "30s"));
            String err = String.format(HEALTH_TIMEOUT, "x001");
            assertThat(r.error()).hasMessage(err);
            assertThat(lines(h)).containsExactly(
                    "deployMachinesApp - canary (legacy path)",
                    "deployCanaryMachines - 1 groups, DNS skip_registration",
                    "spawnMachineInGroup x001 Machine x001 [app] was created",
                    "doSmokeChecks x001 Checking that x001 [app] is up and running",
                    "waitForState x001 started",
                    "waitForHealthchecksToPass x001",
                    "warnAboutIncorrectListenAddress x001 waiting up to 15.0 s for the service ports to be bound",
                    "warn x001 The app is not listening on the expected address and will not be reachable by fly-proxy.",
                    "warn x001 failed to release lease for machine x001: machine x001: lease not found or expired",
                    "canaryLeaked - Failed to create canary machine: " + err,
                    "deployFailed - " + err);
            assertThat(h.api.calls("update")).isEmpty();
            assertThat(h.api.exists("x001")).isTrue();
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        return java.util.Arrays.stream(parts).flatMap(List::stream).toList();
    }
}
