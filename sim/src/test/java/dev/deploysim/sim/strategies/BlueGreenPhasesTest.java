package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bluegreen between its phases and on its failure paths, against strategy_bluegreen.go (flyctl
 * master at #5108): Deploy (933-1105) checks isAborted between phases and sleepAbortable in its two
 * waits; CanDestroyGreenMachines (1188-1208) lets Rollback (1210-1246) destroy the greens for errors
 * of create / wait-started / wait-healthy / mark-ready, and for an abort only while
 * rollbackLog.canDeleteGreenMachines (cleared once the greens are marked ready); the teardown
 * steps' retries (689-770, 880-915) only warn.
 */
class BlueGreenPhasesTest {

    /** The virtual time of the first step named {@code step} in an uncancelled reference run. */
    private static long referenceAt(String step) {
        try (Harness h = new Harness().startedMachines(2)) {
            assertThat(h.run("bluegreen").ok()).isTrue();
            return h.steps(step).get(0).atNanos();
        }
    }

    /** A cancel halfway between the first {@code from} and first {@code to} steps of the reference run. */
    private static Duration between(String from, String to) {
        long a = referenceAt(from);
        long b = referenceAt(to);
        assertThat(b).as(from + " -> " + to).isGreaterThan(a);
        return Duration.ofNanos((a + b) / 2);
    }

    private static List<String> ids(Harness h) {
        return h.api.existing().stream().map(m -> m.id()).toList();
    }

    @Test
    void anAbortDuringThePauseAfterCreatingGreensRollsThemBack() {
        // the 300 ms sleep after CreateGreenMachines is followed by isAborted() -> ErrAborted, and
        // canDeleteGreenMachines is still true: Rollback prints its header and one line per green
        Duration at = between(Steps.CREATE_GREEN_MACHINES, Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_STARTED);
        try (Harness h = new Harness().startedMachines(2)) {
            Harness.Result r = h.run("bluegreen", Map.of(), at);
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("deployment aborted by user");
            assertThat(r.error().rolledBack()).isTrue();
            assertThat(ids(h)).containsExactly("m01", "m02");
            assertThat(h.steps(Steps.ROLLBACK)).extracting(Harness.StepEvent::detail)
                    .containsExactly("Rolling back failed deployment", "Deleted machine x001 [app]", "Deleted machine x002 [app]");
            assertThat(h.steps(Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY)).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void anAbortWhileWaitingForHealthyGreensRollsThemBack() {
        Duration at = between(Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY, Steps.MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC);
        try (Harness h = new Harness().startedMachines(2)) {
            Harness.Result r = h.run("bluegreen", Map.of(), at);
            assertThat(r.error()).isNotNull();
            assertThat(r.error().rolledBack()).isTrue();
            assertThat(ids(h)).containsExactly("m01", "m02");
            assertThat(h.api.calls("uncordon")).isEmpty();
            assertThat(h.steps(Steps.MARK_GREEN_MACHINES_AS_READY_FOR_TRAFFIC)).isEmpty();
        }
    }

    @Test
    void anAbortWhileWaitingBeforeStopLeavesBluesCordonedAndGreensServing() {
        // after mark-ready no abort deletes greens; sleepAbortable(waitBeforeStop) returns ErrAborted
        // before StopBlueMachines
        Duration at = between(Steps.WAIT_BEFORE_STOP, Steps.STOP_BLUE_MACHINES);
        try (Harness h = new Harness().startedMachines(2)) {
            Harness.Result r = h.run("bluegreen", Map.of(), at);
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("deployment aborted by user");
            assertThat(r.error().rolledBack()).isFalse();
            assertThat(ids(h)).hasSize(4).contains("m01", "m02");
            assertThat(h.api.calls("cordon")).hasSize(2);
            assertThat(h.api.cordoned("m01")).isTrue();
            assertThat(h.api.calls("stop")).isEmpty();
            assertThat(h.steps(Steps.ROLLBACK)).isEmpty();
            assertThat(h.steps(Steps.DEPLOYMENT_COMPLETE)).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void greensThatNeverPassTheirChecksAreRolledBackAfterTheWaitTimeout() {
        // WaitForGreenMachinesToBeHealthy's timeout: ErrWaitForHealthy joined, Rollback destroys the greens
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.unhealthy(Harness.NEW_IMAGE);
            Harness.Result r = h.run("bluegreen", Map.of("waitTimeout", "30s"));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().rolledBack()).isTrue();
            assertThat(ids(h)).containsExactly("m01", "m02");
            assertThat(h.steps(Steps.ROLLBACK)).extracting(Harness.StepEvent::detail)
                    .containsExactly("Rolling back failed deployment", "Deleted machine x001 [app]", "Deleted machine x002 [app]");
            assertThat(h.api.calls("cordon")).isEmpty();
            // the wait gives up at its deadline (wait-timeout after it started), not before
            long waitStart = h.steps(Steps.WAIT_FOR_GREEN_MACHINES_TO_BE_HEALTHY).get(0).atNanos();
            assertThat(h.steps(Steps.ROLLBACK).get(0).atNanos() - waitStart).isGreaterThanOrEqualTo(Duration.ofSeconds(30).toNanos());
        }
    }

    @Test
    void transientCordonFailuresAreRetriedWithDoublingDelaysAndPrintedAsFlyctlDoes() {
        // CordonBlueMachines 689-702: retry.Do, 5 attempts, Delay 500 ms, BackOffDelay, RetryIf transient;
        // OnRetry prints "Retrying cordon for machine %s (attempt %d/%d): %v" with n+2 of retry-go's 0-based n
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("cordon", "m01", 3, () -> new MachinesApiException.Transient("cordon", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).isTrue();
            List<ScriptedMachinesApi.Call> cordons = h.api.calls("cordon", "m01");
            assertThat(cordons).hasSize(4);
            // each retry waits 500 ms, 1 s, 2 s after the failed call returned (each call: the scripted 50 ms)
            for (int i = 1; i < cordons.size(); i++) {
                long gap = cordons.get(i).atNanos() - cordons.get(i - 1).atNanos();
                assertThat(gap).as("gap " + i).isEqualTo((500_000_000L << (i - 1)) + 50_000_000L);
            }
            assertThat(h.steps(Steps.WARN)).extracting(Harness.StepEvent::detail).filteredOn(d -> d.startsWith("Retrying cordon"))
                    .hasSize(3)
                    .satisfies(l -> {
                        assertThat(l.get(0)).startsWith("Retrying cordon for machine m01 (attempt 2/5): ");
                        assertThat(l.get(1)).startsWith("Retrying cordon for machine m01 (attempt 3/5): ");
                        assertThat(l.get(2)).startsWith("Retrying cordon for machine m01 (attempt 4/5): ");
                    });
            assertThat(h.steps(Steps.CORDON_BLUE_MACHINES)).extracting(Harness.StepEvent::detail).contains("Machine m01 cordoned");
        }
    }

    @Test
    void aCordonThatFailsFiveTimesOnlyWarnsAndTheBlueIsStillStoppedAndDestroyed() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("cordon", "m01", 5, () -> new MachinesApiException.Transient("cordon", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).isTrue();
            assertThat(h.api.calls("cordon", "m01")).hasSize(5);
            assertThat(h.steps(Steps.WARN)).extracting(Harness.StepEvent::detail)
                    .anySatisfy(d -> assertThat(d).startsWith("Failed to cordon machine m01 after 5 attempts: "));
            assertThat(h.steps(Steps.CORDON_BLUE_MACHINES)).extracting(Harness.StepEvent::detail).doesNotContain("Machine m01 cordoned");
            assertThat(h.api.calls("stop", "m01")).hasSize(1);
            assertThat(ids(h)).doesNotContain("m01");
        }
    }

    @Test
    void stopAndDestroyRetriesArePrintedWithTheirAttemptNumbers() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("stop", "m01", 1, () -> new MachinesApiException.Transient("stop", 500));
            h.api.fail("destroy", "m01", 2, () -> new MachinesApiException.Transient("destroy", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).isTrue();
            List<String> warns = h.steps(Steps.WARN).stream().map(Harness.StepEvent::detail).toList();
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying stop for machine m01 (attempt 2/5): "));
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying destroy of machine m01 (attempt 2/5): "));
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying destroy of machine m01 (attempt 3/5): "));
            assertThat(h.api.calls("stop", "m01")).hasSize(2);
            assertThat(h.api.calls("destroy", "m01")).hasSize(3);
            assertThat(h.steps(Steps.DESTROY_BLUE_MACHINES)).extracting(Harness.StepEvent::detail).contains("Machine m01 destroyed");
        }
    }

    @Test
    void uncordonAndTagRetriesArePrintedWithTheirAttemptNumbers() {
        // MarkGreenMachinesAsReadyForTraffic 640-653 (every error retried), TagBlueMachinesAsSafeForDeletion 1426-1440
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("uncordon", "x001", 2, () -> new MachinesApiException.Transient("uncordon", 500));
            h.api.fail("setMetadata", "m01", 1, () -> new MachinesApiException.Transient("setMetadata", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).isTrue();
            List<String> warns = h.steps(Steps.WARN).stream().map(Harness.StepEvent::detail).toList();
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying uncordon for machine x001 (attempt 2/5): "));
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying uncordon for machine x001 (attempt 3/5): "));
            assertThat(warns).anySatisfy(d -> assertThat(d).startsWith("Retrying safe-for-deletion tag for machine m01 (attempt 2/5): "));
            List<ScriptedMachinesApi.Call> uncordons = h.api.calls("uncordon", "x001");
            assertThat(uncordons).hasSize(3);
            assertThat(uncordons.get(2).atNanos() - uncordons.get(1).atNanos()).isEqualTo(1_000_000_000L + 50_000_000L);
        }
    }

    @Test
    void aTransientGreenLaunchFailureIsLookedUpThenRetriedWithADoublingDelay() {
        // launchGreenMachineWithRetry (1490-1559): after a transient error, launchLookupDelay (500 ms), a lookup by
        // launch ID (one List call), "Retrying green machine launch (attempt %d/%d)" with attempt+2, the delay
        // (500 ms, then doubled while under 5 s)
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("launch", null, 2, () -> new MachinesApiException.Transient("launch", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).as(String.valueOf(r.error())).isTrue();
            List<ScriptedMachinesApi.Call> launches = h.api.calls("launch");
            assertThat(launches).hasSize(3);
            // 500 ms + list 50 ms + 500 ms + launch 50 ms; then 500 + 50 + 1000 + 50
            assertThat(launches.get(1).atNanos() - launches.get(0).atNanos()).isEqualTo(1_100_000_000L);
            assertThat(launches.get(2).atNanos() - launches.get(1).atNanos()).isEqualTo(1_600_000_000L);
            List<String> warns = h.steps(Steps.WARN).stream().map(Harness.StepEvent::detail).toList();
            assertThat(warns).containsExactly(
                    "Retrying green machine launch (attempt 2/3): launch: transient error (status 500)",
                    "Retrying green machine launch (attempt 3/3): launch: transient error (status 500)");
        }
    }

    @Test
    void aLaunchThatFailsThreeTimesFailsTheDeployWithoutAFourthAttempt() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("launch", null, 3, () -> new MachinesApiException.Transient("launch", 500));
            Harness.Result r = h.run("bluegreen");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("failed to create green machines");
            assertThat(h.api.calls("launch")).hasSize(3);
            assertThat(h.steps(Steps.WARN)).extracting(Harness.StepEvent::detail).filteredOn(d -> d.startsWith("Retrying"))
                    .hasSize(2);
            assertThat(ids(h)).containsExactly("m01");
        }
    }

    @Test
    void aSilentlySuccessfulLaunchIsFoundByItsLaunchIdAndReused() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.launchSucceedsSilently(1);
            Harness.Result r = h.run("bluegreen");
            assertThat(r.ok()).isTrue();
            assertThat(h.api.calls("launch")).hasSize(1);
            assertThat(h.steps(Steps.WARN)).extracting(Harness.StepEvent::detail).containsExactly(
                    "Launch reported an error but machine x001 was already created (idempotency tag matched); reusing it");
            assertThat(ids(h)).containsExactly("x001");
        }
    }
}
