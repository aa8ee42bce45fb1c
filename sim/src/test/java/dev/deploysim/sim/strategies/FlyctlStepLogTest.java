package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.testing.DeploySim;
import dev.deploysim.sim.testing.TestRun;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The step log is part of the contract: for each flyctl strategy, on both execution paths, one
 * reference run on the constant platform (two started machines of group "app" with one tcp service
 * check, every default option) pins the sequence of steps against the flyctl functions and lines
 * they mirror (flyctl master at #5108, ad0172fac; canary-serving: PR #4948). Each expected line is
 * "step machine detail" with machines named by role: m1, m2 are the app's machines before the
 * deploy in ID order, n1, n2 the machines the deploy launches, in launch order.
 *
 * <p>Steps are flyctl's function names (Steps) and are recorded when the function is entered; a
 * detail mirrors the line flyctl prints there. One known divergence of order: flyctl prints
 * "Updating existing machines in 'app' with S strategy" after AcquireLeases and
 * StartBackgroundLeaseRefresh on the legacy path (machines_deploymachinesapp.go 613-624), while
 * the port records updateExistingMachines on entry, before acquireLeases. Lines of machines
 * updated concurrently (immediate's pool) follow the simulator's deterministic interleaving;
 * flyctl's goroutines have none, so those lines pin only that every machine has its own lines
 * in its own order.
 *
 * <p>Times are pinned only where flyctl fixes them: bluegreen's 300 ms after creating greens
 * (strategy_bluegreen.go Deploy), its waitBeforeCordon and waitBeforeStop of 10 s each.
 */
class FlyctlStepLogTest {

    /** The legacy path's lease set-up: machine_set.go AcquireLeases (TTL 13 s), StartBackgroundLeaseRefresh ((13 s - 1 s) / 3). */
    private static final List<String> LEGACY_LEASES = List.of(
            "acquireLeases - 2 machines, ttl 13s",
            "startBackgroundLeaseRefresh - every 4s");

    /**
     * updateEntriesGroup's updateFunc for one machine (machines_deploymachinesapp.go 990-1021):
     * updateMachine ("Updating m" 185, updateMachineInPlace 1071), waitForMachine (210): WaitForState
     * started ("Waiting for m to have state: started", leasable_machine.go 164), doSmokeChecks
     * ("Checking that m is up and running", leasable_machine.go 329), WaitForHealthchecksToPass,
     * then statusSuccess "Machine m update succeeded" (981-985).
     */
    private static List<String> legacyUpdate(String m, boolean listenCheck) {
        List<String> out = new ArrayList<>(List.of(
                "updateMachine " + m + " in place",
                "updateMachineInPlace " + m + " Updating " + m + " [app]",
                "waitForMachine " + m,
                "waitForState " + m + " started",
                "doSmokeChecks " + m + " Checking that " + m + " [app] is up and running",
                "waitForHealthchecksToPass " + m));
        if (listenCheck) {
            // waitForMachine 243: once per group and deploy (md.listenAddressChecked), default timeout 15 s (1276)
            out.add("warnAboutIncorrectListenAddress " + m + " waiting up to 15.0 s for the service ports to be bound");
        }
        out.add("machineUpdateSucceeded " + m);
        return out;
    }

    /**
     * plan.go updateMachineWChecks (586-666) for a machine whose config changes: updateOrCreateMachine
     * "Updating machine config for m" (687) through updateMachineConfig and updateMachine, "Waiting for
     * machine m to reach a good state" (612), the listen-address check (627, once per group), "Running
     * smoke checks" (630, whose doSmokeChecks prints "Checking that m is up and running"), "Checking
     * health of machine m" (653), "Machine m is now in a good state" (664).
     */
    private static List<String> recoveryUpdate(String m, boolean listenCheck) {
        List<String> out = new ArrayList<>(List.of(
                "updateMachineWChecks " + m,
                "updateMachineConfig " + m + " Updating machine config for " + m,
                "updateMachine " + m + " in place",
                "updateMachineInPlace " + m + " Updating " + m + " [app]",
                "waitForMachineState " + m + " Waiting for machine " + m + " to reach a good state"));
        if (listenCheck) {
            out.add("warnAboutIncorrectListenAddress " + m + " waiting up to 15.0 s for the service ports to be bound");
        }
        out.add("doSmokeChecks " + m + " Checking that " + m + " [app] is up and running");
        out.add("waitForHealthchecksToPass " + m + " Checking health of machine " + m);
        out.add("machineInGoodState " + m + " Machine " + m + " is now in a good state");
        return out;
    }

    /**
     * plan.go updateMachinesWRecovery (115-347) over the given machines: the settings, acquireLeases
     * with poolSize = getPoolSize(machines) (190, 202; ceil(n x 0.33)), updateProcessGroup for the warm
     * machines with getPoolSize(warm) (300-307), the machines' lines, releaseLeases (deferred, 217).
     */
    private static List<String> recoveryRound(String settings, List<List<String>> machines, int n) {
        List<String> out = new ArrayList<>();
        out.add("updateMachinesWRecovery - " + settings);
        out.add("acquireLeases - " + n + " machines, pool 1");
        out.add("updateProcessGroup - " + n + " machines, pool 1");
        machines.forEach(out::addAll);
        out.add("releaseLeases - " + n + " machines");
        return out;
    }

    private static final String CHECKED = "pushForward=true skipHealthChecks=false skipSmokeChecks=false skipLeaseAcquisition=false";

    /**
     * spawnMachineInGroup for the canary (machines_deploymachinesapp.go 1108-1190): "Machine n1 was
     * created" (1145), doSmokeChecks (1159), WaitForState started (1166), WaitForHealthchecksToPass
     * (1172), warnAboutIncorrectListenAddress (1187); its lease is released by the deferred
     * releaseLease.
     */
    private static List<String> canarySpawn(String detail) {
        return List.of(
                "deployCanaryMachines - 1 groups, " + detail,
                "spawnMachineInGroup n1 Machine n1 [app] was created",
                "doSmokeChecks n1 Checking that n1 [app] is up and running",
                "waitForState n1 started",
                "waitForHealthchecksToPass n1",
                "warnAboutIncorrectListenAddress n1 waiting up to 15.0 s for the service ports to be bound");
    }

    @Test
    void immediateLegacyUpdatesEveryMachineInOnePoolWithoutWaiting() {
        // updateUsingImmediateStrategy (776-845): one pool of maxConcurrent (8) goroutines, each
        // statusRunning, updateMachine, statusSuccess "Machine m update succeeded"; no waits.
        List<String> log = steps("immediate", 0);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - immediate (legacy path)",
                        "updateExistingMachines - 2 machines with immediate strategy"),
                LEGACY_LEASES,
                List.of("updateUsingImmediateStrategy - 2 machines, pool 8",
                        "updateMachine m1 in place",
                        "updateMachineInPlace m1 Updating m1 [app]",
                        "updateMachine m2 in place",
                        "updateMachineInPlace m2 Updating m2 [app]",
                        "machineUpdateSucceeded m1",
                        "machineUpdateSucceeded m2",
                        // deferred md.machineSet.ReleaseLeases (updateExistingMachines 619)
                        "releaseLeases - 2 machines")));
    }

    @Test
    void immediateRecoveryPathSkipsTheGoodStateWaitAndTheChecks() {
        // updateExistingMachinesWRecovery "immediate" (696-702): skipHealthChecks and skipSmokeChecks,
        // so every healthcheckResult starts passed (144-148) and updateMachineWChecks skips the
        // good-state wait (611), the smoke and health checks, but not the listen-address check (627).
        List<String> log = steps("immediate", 1);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - immediate (recovery path)",
                        "updateExistingMachines - 2 machines with immediate strategy",
                        "appState -"),
                recoveryRound("pushForward=true skipHealthChecks=true skipSmokeChecks=true skipLeaseAcquisition=false", List.of(
                        List.of("updateMachineWChecks m1",
                                "updateMachineConfig m1 Updating machine config for m1",
                                "updateMachine m1 in place",
                                "updateMachineInPlace m1 Updating m1 [app]",
                                "warnAboutIncorrectListenAddress m1 waiting up to 15.0 s for the service ports to be bound",
                                "machineInGoodState m1 Machine m1 is now in a good state"),
                        List.of("updateMachineWChecks m2",
                                "updateMachineConfig m2 Updating machine config for m2",
                                "updateMachine m2 in place",
                                "updateMachineInPlace m2 Updating m2 [app]",
                                "machineInGoodState m2 Machine m2 is now in a good state")), 2)));
    }

    @Test
    void rollingLegacyUpdatesTheSpearheadAloneThenTheRest() {
        // updateUsingRollingStrategy (847-916): entries sorted by ID, one group; updateEntriesGroup
        // (927-1035) with pool getPoolSize(2 warm) = ceil(0.66) = 1; the spearhead (idx 0) first.
        List<String> log = steps("rolling", 0);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - rolling (legacy path)",
                        "updateExistingMachines - 2 machines with rolling strategy"),
                LEGACY_LEASES,
                List.of("updateUsingRollingStrategy - 2 machines",
                        "updateEntriesGroup - app: 2 machines, pool 1"),
                legacyUpdate("m1", true),
                legacyUpdate("m2", false),
                List.of("releaseLeases - 2 machines")));
    }

    @Test
    void rollingRecoveryPathUpdatesEachMachineThroughUpdateMachineWChecks() {
        // updateExistingMachinesWRecovery default case (753-759); "Updating existing machines" (662),
        // then appState (664).
        List<String> log = steps("rolling", 1);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - rolling (recovery path)",
                        "updateExistingMachines - 2 machines with rolling strategy",
                        "appState -"),
                recoveryRound(CHECKED, List.of(recoveryUpdate("m1", true), recoveryUpdate("m2", false)), 2)));
    }

    @Test
    void canaryLegacyProvesAndDestroysACanaryThenRolls() {
        // deployMachinesApp (481-485): deployCanaryMachines before the update; the canary is destroyed
        // (machcmd.Destroy, forced) in the deferred func once runTestMachines passed (330-336); the
        // listen-address check ran on the canary, so no machine of group app repeats it.
        List<String> log = steps("canary", 0);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - canary (legacy path)"),
                canarySpawn("DNS skip_registration"),
                List.of("destroyCanaryMachine n1",
                        "updateExistingMachines - 2 machines with canary strategy"),
                LEGACY_LEASES,
                List.of("updateUsingRollingStrategy - 2 machines",
                        "updateEntriesGroup - app: 2 machines, pool 1"),
                legacyUpdate("m1", false),
                legacyUpdate("m2", false),
                List.of("releaseLeases - 2 machines")));
    }

    @Test
    void canaryRecoveryPathUpdatesThePickedMachineAloneThenEveryMachine() {
        // updateExistingMachinesWRecovery "canary" (703-752): pick the first started machine (m1),
        // phase 1 updates it alone, appState is refreshed (739), phase 2 runs over all machines: m1's
        // config is unchanged now (updateMachineConfig's compareConfigs, 830-832) and its checks are
        // memoised (healthChecksPassed), so it goes straight to "is now in a good state".
        List<String> log = steps("canary", 1);
        assertThat(log).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - canary (recovery path)"),
                canarySpawn("DNS skip_registration"),
                List.of("destroyCanaryMachine n1",
                        "updateExistingMachines - 2 machines with canary strategy",
                        "appState -",
                        "canaryPhase1 m1 updating the canary machine alone"),
                recoveryRound(CHECKED, List.of(recoveryUpdate("m1", false)), 1),
                List.of("appState -",
                        "canaryPhase2 - updating every machine"),
                recoveryRound(CHECKED, List.of(
                        List.of("updateMachineWChecks m1",
                                "updateMachineConfig m1 Updating machine config for m1",
                                "machineInGoodState m1 Machine m1 is now in a good state"),
                        recoveryUpdate("m2", false)), 2)));
    }

    @Test
    void canaryServingKeepsItsCanaryUntilTheRollIsDone() {
        // PR #4948: the canary launches without DNS skip_registration and is destroyed by the cleanup
        // deployMachinesApp defers, after updateExistingMachines returned (and released its leases).
        List<String> legacy = steps("canary-serving", 0);
        assertThat(legacy).containsExactlyElementsOf(concat(
                List.of("deployMachinesApp - canary (legacy path)"),
                canarySpawn("serving during the roll"),
                List.of("updateExistingMachines - 2 machines with canary strategy"),
                LEGACY_LEASES,
                List.of("updateUsingRollingStrategy - 2 machines",
                        "updateEntriesGroup - app: 2 machines, pool 1"),
                legacyUpdate("m1", false),
                legacyUpdate("m2", false),
                List.of("releaseLeases - 2 machines",
                        "destroyCanariesAfterRoll n1")));
        List<String> recovery = steps("canary-serving", 1);
        assertThat(recovery.get(recovery.size() - 1)).isEqualTo("destroyCanariesAfterRoll n1");
        assertThat(recovery).containsSubsequence("canaryPhase1 m1 updating the canary machine alone",
                "canaryPhase2 - updating every machine", "releaseLeases - 2 machines");
        assertThat(recovery).doesNotContain("destroyCanaryMachine n1");
    }

    /**
     * blueGreen.Deploy (strategy_bluegreen.go 933-1105), every line it prints, in order; on the
     * recovery path the same after appState, leases taken as on the legacy path (685-695).
     */
    private static List<String> bluegreenDeploy() {
        return List.of(
                "bluegreen - 2 blue machines",
                "detectMultipleImageVersions - Verifying if app can be safely deployed", // 958
                "createGreenMachines - Creating green machines", // 991
                "createGreenMachines n1 Created machine n1 [app]", // CreateGreenMachines 347
                "createGreenMachines n2 Created machine n2 [app]",
                "waitForGreenMachinesToBeStarted - Waiting for all green machines to start", // 1003
                "waitForGreenMachinesToBeHealthy - Waiting for all green machines to be healthy", // 1014
                "markGreenMachinesAsReadyForTraffic - Marking green machines as ready", // 1025
                "markGreenMachinesAsReadyForTraffic n1 Machine n1 now ready", // 658
                "markGreenMachinesAsReadyForTraffic n2 Machine n2 now ready",
                "tagBlueMachinesAsSafeForDeletion - Checkpointing deployment", // 1039
                "waitBeforeCordon - Waiting before cordoning all blue machines", // 1051
                "cordonBlueMachines -", // CordonBlueMachines prints no header
                "cordonBlueMachines m1 Machine m1 cordoned", // 714
                "cordonBlueMachines m2 Machine m2 cordoned",
                "waitBeforeStop - Waiting before stopping all blue machines", // 1068
                "stopBlueMachines - Stopping all blue machines", // 1075
                "stopBlueMachines m1",
                "stopBlueMachines m2",
                "waitForBlueMachinesToBeStopped - Waiting for all blue machines to stop", // 1082
                "destroyBlueMachines - Destroying all blue machines", // 1096
                "destroyBlueMachines m1 Machine m1 destroyed", // 912
                "destroyBlueMachines m2 Machine m2 destroyed",
                "deploymentComplete - Deployment Complete"); // 1103
    }

    @Test
    void bluegreenPrintsEveryPhaseOfDeployInOrder() {
        for (int retries : new int[] {0, 1}) {
            TestRun run = run("bluegreen", retries);
            List<String> log = lines(run);
            List<String> head = retries == 0
                    ? concat(List.of("deployMachinesApp - bluegreen (legacy path)",
                            "updateExistingMachines - 2 machines with bluegreen strategy"), LEGACY_LEASES)
                    : concat(List.of("deployMachinesApp - bluegreen (recovery path)",
                            "updateExistingMachines - 2 machines with bluegreen strategy", "appState -"), LEGACY_LEASES);
            assertThat(log).as("deployRetries " + retries)
                    .containsExactlyElementsOf(concat(head, bluegreenDeploy(), List.of("releaseLeases - 2 machines")));

            // time.Sleep(300 * time.Millisecond) after CreateGreenMachines (999), then the two waits of 10 s
            // (waitBeforeCordon, waitBeforeStop: DefaultWaitBeforeCordon/Stop).
            List<Observation.StrategyStep> steps = run.deployRun().log().ofType(Observation.StrategyStep.class);
            assertThat(at(steps, Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_STARTED, 0) - lastAt(steps, Steps.CREATE_GREEN_MACHINES))
                    .isEqualTo(300_000_000L);
            assertThat(at(steps, Steps.CORDON_BLUE_MACHINES, 0) - at(steps, Steps.WAIT_BEFORE_CORDON, 0)).isEqualTo(10_000_000_000L);
            assertThat(at(steps, Steps.STOP_BLUE_MACHINES, 0) - at(steps, Steps.WAIT_BEFORE_STOP, 0)).isEqualTo(10_000_000_000L);
        }
    }

    // --- helpers ---

    private static TestRun run(String strategy, int deployRetries) {
        return DeploySim.run(Strategies.get(strategy)).name("steplog-" + strategy + "-" + deployRetries).machines(2)
                .set("platform.profile=constant")
                .set("app.groups[0].checks=[{\"name\":\"svc\",\"type\":\"tcp\"}]")
                .option("deployRetries", Integer.toString(deployRetries)).execute();
    }

    private static List<String> steps(String strategy, int deployRetries) {
        TestRun run = run(strategy, deployRetries);
        assertThat(run.deployRun().outcomeName()).isEqualTo("succeeded");
        return lines(run);
    }

    /** The run's steps as "step machine detail", machine IDs replaced by their roles (m1, m2, n1, ...). */
    static List<String> lines(TestRun run) {
        Map<String, String> roles = roles(run);
        List<String> out = new ArrayList<>();
        for (Observation.StrategyStep s : run.deployRun().log().ofType(Observation.StrategyStep.class)) {
            String machine = s.machineId().isEmpty() ? "-" : roles.getOrDefault(s.machineId(), s.machineId());
            String detail = s.detail();
            for (Map.Entry<String, String> e : roles.entrySet()) {
                detail = detail.replace(e.getKey(), e.getValue());
            }
            out.add((s.step() + " " + machine + " " + detail).strip());
        }
        return out;
    }

    /** m1.. for the machines launched before the deploy started, in ID order; n1.. for those launched after, in launch order. */
    static Map<String, String> roles(TestRun run) {
        long start = run.deployRun().log().ofType(Observation.DeployStarted.class).get(0).atNanos();
        TreeSet<String> before = new TreeSet<>();
        List<String> after = new ArrayList<>();
        for (Observation.MachineLaunched m : run.deployRun().log().ofType(Observation.MachineLaunched.class)) {
            if (m.atNanos() <= start) {
                before.add(m.machineId());
            } else {
                after.add(m.machineId());
            }
        }
        Map<String, String> roles = new LinkedHashMap<>();
        int i = 1;
        for (String id : before) {
            roles.put(id, "m" + i++);
        }
        i = 1;
        for (String id : after) {
            roles.put(id, "n" + i++);
        }
        return roles;
    }

    private static long at(List<Observation.StrategyStep> steps, String step, int occurrence) {
        return steps.stream().filter(s -> s.step().equals(step)).skip(occurrence).findFirst().orElseThrow().atNanos();
    }

    private static long lastAt(List<Observation.StrategyStep> steps, String step) {
        return steps.stream().filter(s -> s.step().equals(step)).reduce((a, b) -> b).orElseThrow().atNanos();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... parts) {
        List<String> out = new ArrayList<>();
        for (List<String> p : parts) {
            out.addAll(p);
        }
        return out;
    }
}
