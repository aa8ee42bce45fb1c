package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.LaunchInput;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * flyctl's canary (master's legacy throwaway canary, spec 4.3a and b) and PR #4948's
 * canary-serving (4.3c), including TestDeployCanaryKeepsInstanceDuringRoll's ordering.
 */
class CanaryStrategyTest {

    /** Index of the call after which m01's update is complete: its last waitFor (legacy) or health get. */
    private static int m01UpdateCompleted(Harness h) {
        return Math.max(h.lastIndexOf("waitFor", "m01"), h.lastIndexOf("get", "m01"));
    }

    @Test
    void legacyCanaryIsLaunchedWithDnsSkipRegistrationCheckedAndDestroyedBeforeTheOnlyMachineIsUpdated() {
        try (Harness h = new Harness().startedMachines(1)) {
            Harness.Result r = h.run("canary");
            assertThat(r.error()).isNull();
            String canary = h.api.calls("launch").get(0).machineId();
            LaunchInput in = h.api.launchInput(canary);
            assertThat(in.config().dnsSkipRegistration()).isTrue();
            assertThat(in.skipServiceRegistration()).isFalse();
            assertThat(in.config().metadata()).containsEntry("fly_canary", "true");
            assertThat(in.leaseTtl()).contains(Duration.ofMinutes(5));
            // #4745's log: canary health-checked, destroyed, then the single existing machine updated
            assertThat(h.lastIndexOf("get", canary)).isLessThan(h.indexOf("destroy", canary));
            assertThat(h.indexOf("releaseLease", canary)).isLessThan(h.indexOf("destroy", canary));
            assertThat(h.indexOf("destroy", canary)).isLessThan(h.indexOf("update", "m01"));
            assertThat(h.api.calls("destroy", canary).get(0).nonce()).isEmpty();
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01");
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(h.api.violations()).isEmpty();
        }
    }

    @Test
    void canaryDestroyComesAfterTheExistingMachinesUpdateOnlyForCanaryServing() {
        // TestDeployCanaryKeepsInstanceDuringRoll (#4948): false on master's canary, true with the fix
        try (Harness h = new Harness().startedMachines(1)) {
            assertThat(h.run("canary").error()).isNull();
            String canary = h.api.calls("launch").get(0).machineId();
            assertThat(h.indexOf("destroy", canary) > m01UpdateCompleted(h)).isFalse();
        }
        try (Harness h = new Harness().startedMachines(1)) {
            assertThat(h.run("canary-serving").error()).isNull();
            String canary = h.api.calls("launch").get(0).machineId();
            assertThat(h.indexOf("destroy", canary) > m01UpdateCompleted(h)).isTrue();
            LaunchInput in = h.api.launchInput(canary);
            assertThat(in.config().dnsSkipRegistration()).isFalse();
            assertThat(in.config().metadata()).containsEntry("fly_canary", "true");
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01");
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void canaryServingDestroysItsCanaryAfterAFailedRollToo() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 1, () -> new MachinesApiException.InvalidState("m01", MachineState.FAILED, "update"));
            Harness.Result r = h.run("canary-serving");
            assertThat(r.error()).isNotNull();
            String canary = h.api.calls("launch").get(0).machineId();
            assertThat(h.indexOf("destroy", canary)).isGreaterThan(h.indexOf("update", "m01"));
            assertThat(h.api.exists(canary)).isFalse();
            assertThat(h.steps(Steps.DESTROY_CANARIES_AFTER_ROLL)).hasSize(1);
        }
    }

    @Test
    void legacyCanaryThatFailsItsChecksIsLeftBehindAndNoExistingMachineIsTouched() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("canary", Map.of("waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("timeout reached waiting for health checks to pass");
            String canary = h.api.calls("launch").get(0).machineId();
            assertThat(h.api.exists(canary)).as("the canary leaks").isTrue();
            assertThat(h.api.calls("update")).isEmpty();
            assertThat(h.steps(Steps.CANARY_LEAKED)).hasSize(1);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void canaryRefusesAnAppWithMounts() {
        MachineConfig withVolume = new MachineConfig(Harness.NEW_IMAGE, "app", "shared-cpu-1x", true,
                List.of(Harness.tcp()), Map.of(), false, "SIGINT", Duration.ofSeconds(5), List.of("data"));
        for (String strategy : List.of("canary", "canary-serving")) {
            try (Harness h = new Harness().startedMachines(1)) {
                h.releaseGroup("app", withVolume);
                Harness.Result r = h.run(strategy);
                assertThat(r.error()).isNotNull();
                assertThat(r.error().getMessage()).isEqualTo("error canary deployment strategy is not supported when using mounted volumes");
                assertThat(h.api.calls("launch")).isEmpty();
            }
        }
    }

    @Test
    void firstDeploySkipsTheCanaryAndLaunchesTwoMachinesForAServiceGroup() {
        try (Harness h = new Harness()) {
            Harness.Result r = h.run("canary");
            assertThat(r.error()).isNull();
            assertThat(h.steps(Steps.DEPLOY_CANARY_MACHINES)).isEmpty();
            assertThat(h.api.existing()).hasSize(2).allSatisfy(m -> {
                assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE);
                assertThat(m.config().metadata()).doesNotContainKey("fly_canary");
            });
        }
    }

    @Test
    void recoveryPathCanaryUpdatesTheFirstStartedMachineAloneThenTheRest() {
        try (Harness h = new Harness()) {
            h.api.machine("m01", MachineState.STOPPED, Harness.web(Harness.OLD_IMAGE, "app"));
            h.api.machine("m02", MachineState.STARTED, Harness.web(Harness.OLD_IMAGE, "app"));
            h.api.machine("m03", MachineState.STARTED, Harness.web(Harness.OLD_IMAGE, "app"));
            Harness.Result r = h.run("canary", Map.of("deployRetries", 2));
            assertThat(r.error()).isNull();
            // phase 1: m02 (the first started machine) updated and checked alone, its lease released
            int phase1Release = h.indexOf("releaseLease", "m02");
            assertThat(h.indexOf("update", "m02")).isLessThan(phase1Release);
            assertThat(h.lastIndexOf("get", "m02")).isLessThan(phase1Release);
            assertThat(h.indexOf("update", "m01")).isGreaterThan(phase1Release);
            assertThat(h.indexOf("update", "m03")).isGreaterThan(phase1Release);
            // phase 2 re-acquires the canary's lease but finds it up to date
            assertThat(h.api.calls("acquireLease", "m02")).hasSize(2);
            assertThat(h.api.calls("update", "m02")).hasSize(1);
            assertThat(h.steps(Steps.CANARY_PHASE_1)).hasSize(1);
            assertThat(h.steps(Steps.CANARY_PHASE_2)).hasSize(1);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(h.api.violations()).isEmpty();
        }
    }

    @Test
    void recoveryPathPicksALiveServingCanaryThatIsNotAmongTheDeploysMachines() {
        // spec 4.3 (c) caveat: the live canary is in the app's machine list and may be picked
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.launchPrefix = "a"; // the canary's ID sorts before m01
            Harness.Result r = h.run("canary-serving", Map.of("deployRetries", 1));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).isEqualTo("failed to find machine a001 under app app");
            assertThat(h.api.calls("update")).isEmpty();
            assertThat(h.api.exists("a001")).isFalse();
        }
    }
}
