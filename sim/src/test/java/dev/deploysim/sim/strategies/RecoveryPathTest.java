package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.strategies.flyctl.Steps;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recovery ("WRecovery") path, deployRetries > 0: flyctl's TestUpdateMachines in our terms
 * (retry counts, unrecoverable errors, leases never double-acquired and always released) and the
 * per-group cold/warm pools of spec 4.2.
 */
class RecoveryPathTest {

    private static RuntimeException serverError() {
        return new MachinesApiException.Transient("update", 500);
    }

    @Test
    void updateFailingTwiceThenSucceedingPushesForwardToSuccessWithThreeAttempts() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.fail("update", "m02", 2, RecoveryPathTest::serverError);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 5));
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update", "m02")).hasSize(3);
            assertThat(h.steps(Steps.PUSH_FORWARD)).hasSize(2);
            // the machines already on the new config are no-ops on the retries
            assertThat(h.api.calls("update", "m01")).hasSize(1);
            assertThat(h.api.calls("update", "m03")).hasSize(1);
            assertThat(h.api.existing()).allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
            assertThat(h.api.violations()).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void updateFailingTenTimesExhaustsTheRetriesAndFails() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.fail("update", "m02", 10, RecoveryPathTest::serverError);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 5));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().unrecoverable()).isFalse();
            assertThat(r.error().getMessage()).contains("failed to update machine m02").contains("status 500");
            // the first attempt, then retries while attempts <= deployRetries (0..5): 1 + 6 calls
            assertThat(h.api.calls("update", "m02")).hasSize(7);
            assertThat(h.steps(Steps.PUSH_FORWARD)).hasSize(6);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(h.api.violations()).isEmpty();
        }
    }

    @Test
    void leaseCurrentlyHeldByIsUnrecoverableAndNeverPushedForward() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.fail("update", "m02", 1, () -> new MachinesApiException.LeaseHeld("m02", "someone@example.com"));
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 5));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().unrecoverable()).isTrue();
            assertThat(r.error().getMessage()).contains("Unrecoverable error").contains("lease currently held by");
            assertThat(h.api.calls("update", "m02")).hasSize(1);
            assertThat(h.steps(Steps.PUSH_FORWARD)).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void failedHealthChecksAreUnrecoverable() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 3, "waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().unrecoverable()).isTrue();
            assertThat(r.error().getMessage()).contains("timeout reached waiting for health checks to pass for machine m01");
            assertThat(h.steps(Steps.PUSH_FORWARD)).isEmpty();
        }
    }

    @Test
    void leasesAreNeverDoubleAcquiredAcrossRetriesAndAllAreReleased() {
        try (Harness h = new Harness().startedMachines(4)) {
            h.api.fail("update", "m03", 1, RecoveryPathTest::serverError);
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 2));
            assertThat(r.error()).isNull();
            for (String id : List.of("m01", "m02", "m03", "m04")) {
                assertThat(h.api.calls("acquireLease", id)).as(id).hasSize(1);
                assertThat(h.api.calls("releaseLease", id)).as(id).hasSize(1);
            }
            assertThat(h.api.violations()).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void warmMachinesStartAtOnceInAPoolWithoutASpearheadWhileColdOnesRunBesideThem() {
        try (Harness h = new Harness().startedMachines(4)) {
            h.api.machine("m05", MachineState.STOPPED, Harness.web(Harness.OLD_IMAGE, "app"));
            h.api.machine("m06", MachineState.STOPPED, Harness.web(Harness.OLD_IMAGE, "app"));
            Harness.Result r = h.run("rolling", Map.of("deployRetries", 1, "maxUnavailable", 2));
            assertThat(r.error()).isNull();
            long first = h.api.calls("update").get(0).atNanos();
            // warm pool of 2 and the cold pool (min(2, 30)) start together: 4 updates at the first instant
            assertThat(h.api.calls("update").stream().filter(c -> c.atNanos() == first)).hasSize(4);
            assertThat(h.api.state("m05")).isEqualTo(MachineState.STOPPED);
            assertThat(h.api.calls("get", "m05")).as("cold machines are not smoke or health checked").isEmpty();
        }
    }

    @Test
    void immediateOnTheRecoveryPathSkipsEveryWait() {
        try (Harness h = new Harness().startedMachines(3)) {
            Harness.Result r = h.run("immediate", Map.of("deployRetries", 1));
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("waitFor")).isEmpty();
            assertThat(h.api.calls("get")).isEmpty();
            assertThat(h.api.calls("update")).hasSize(3);
        }
    }
}
