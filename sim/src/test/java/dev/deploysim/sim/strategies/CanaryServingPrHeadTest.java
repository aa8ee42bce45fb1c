package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * canary-serving's two codes: PR #4948's diff on master at #5108 (the default) and the PR's own
 * head commit 6ee5f59d8 (option prHead), read from refs/pull/4948/head.
 */
class CanaryServingPrHeadTest {

    /**
     * leasable_machine.go 370-372 at 6ee5f59d8: WaitForHealthchecksToPass returns when the launched
     * machine's runtime check list is empty, which it is for a fresh machine (#4952); master
     * (ad0172fac, 368-383) counts the configured checks instead. Hand trace, one machine, a release
     * that never passes its checks, wait-timeout 30 s: on master the canary's health wait times out
     * and m01 is never touched; at the PR's head the canary passes at once, m01 is updated and its
     * own health wait (the updated machine, master's gate in both) fails the deploy.
     */
    @Test
    void atThePrsHeadTheCanarysHealthWaitPassesAtOnceSoABadReleaseReachesTheExistingMachine() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("canary-serving", Map.of("waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(h.api.calls("update", "m01")).isEmpty();
        }
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("canary-serving", Map.of("waitTimeout", "30s", "prHead", true));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("timeout reached waiting for health checks to pass for machine m01");
            assertThat(h.api.calls("update", "m01")).hasSize(1);
            assertThat(h.steps(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS).get(0).detail()).contains("passed at once");
            // the canary still serves until the roll's deferred cleanup destroys it
            assertThat(h.lastIndexOf("destroy", "x001")).isGreaterThan(h.indexOf("update", "m01"));
        }
    }

    /**
     * machines_deploymachinesapp.go 350-355 at 6ee5f59d8: a failed canary phase destroys the canaries
     * with the errgroup's context, cancelled once Wait has returned, so no destroy request leaves
     * and deployMachinesApp returns before it defers the roll's cleanup (497-509). Hand trace, groups
     * app and worker, one machine each: app's canary x001 launches and passes its checks in ~12 s;
     * worker's canary launch fails after 30 s; on master + PR the deploy's cleanup destroys x001, at
     * the PR's head x001 is left serving.
     */
    @Test
    void atThePrsHeadAFailedCanaryPhaseLeaksTheOtherGroupsCanaries() {
        for (boolean prHead : List.of(false, true)) {
            try (Harness h = new Harness().releaseGroup("worker", MachineConfig.web(Harness.NEW_IMAGE, "worker"))
                    .startedMachines(1)) {
                h.api.machine("w01", MachineState.STARTED, Harness.web(Harness.OLD_IMAGE, "worker"));
                h.api.launchFailureDelay = Duration.ofSeconds(30);
                h.api.failLaunchesAfter(1, () -> new MachinesApiException.CapacityExhausted("iad"));
                Harness.Result r = h.run("canary-serving", Map.of("prHead", prHead));
                assertThat(r.error()).as("prHead " + prHead).isNotNull();
                assertThat(h.api.calls("update")).isEmpty();
                long canaryReady = h.steps(Steps.WAIT_FOR_HEALTHCHECKS_TO_PASS).get(0).atNanos();
                assertThat(canaryReady).isLessThan(Duration.ofSeconds(30).toNanos());
                List<Call> destroys = h.api.calls("destroy", "x001");
                if (prHead) {
                    assertThat(destroys).isEmpty();
                    assertThat(h.api.exists("x001")).isTrue();
                    assertThat(h.steps(Steps.CANARY_LEAKED)).anySatisfy(e -> {
                        assertThat(e.machineId()).isEqualTo("x001");
                        assertThat(e.detail()).contains("context canceled");
                    });
                } else {
                    assertThat(destroys).hasSize(1);
                    assertThat(h.api.exists("x001")).isFalse();
                }
            }
        }
    }
}
