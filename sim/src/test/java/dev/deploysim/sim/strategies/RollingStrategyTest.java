package dev.deploysim.sim.strategies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deploysim.model.machines.HostStatus;
import dev.deploysim.model.machines.MachineConfig;
import dev.deploysim.model.machines.MachineState;
import dev.deploysim.model.machines.MachinesApiException;
import dev.deploysim.sim.strategies.ScriptedMachinesApi.Call;
import dev.deploysim.strategies.flyctl.Steps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * flyctl's rolling strategy on the legacy path against the scripted API: spec 4.2 and section 7's
 * suggested invariants (per-machine call order, spearhead first, pool size, cancel on error,
 * leases) plus the update-or-replace rules of spec 1.2.
 */
class RollingStrategyTest {

    private static final MachinesApiException.InvalidState BROKEN =
            new MachinesApiException.InvalidState("m02", MachineState.FAILED, "update");

    @Test
    void eachMachineIsLeasedThenUpdatedThenWaitedThenReleasedAndNoLeaseIsLeftBehind() {
        try (Harness h = new Harness().startedMachines(3)) {
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.existing()).hasSize(3).allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
            for (String id : List.of("m01", "m02", "m03")) {
                assertThat(h.api.calls("acquireLease", id)).as("one lease per machine").hasSize(1);
                int lease = h.indexOf("acquireLease", id);
                int update = h.indexOf("update", id);
                int started = h.indexOf("waitFor", id);
                int release = h.indexOf("releaseLease", id);
                assertThat(lease).isLessThan(update);
                assertThat(update).isLessThan(started);
                assertThat(started).isLessThan(release);
                // every mutation carries the nonce of the lease we acquired
                String nonce = h.api.calls("acquireLease", id).get(0).nonce();
                assertThat(h.api.calls("update", id)).allSatisfy(c -> assertThat(c.nonce()).isEqualTo(nonce));
            }
            // legacy path: every lease is acquired before any machine is touched
            assertThat(h.lastIndexOf("acquireLease", null)).isLessThan(h.indexOf("update", null));
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            assertThat(h.api.violations()).isEmpty();
        }
    }

    @Test
    void spearheadFinishesItsWaitsBeforeAnySiblingIsUpdated() {
        try (Harness h = new Harness().startedMachines(4)) {
            Harness.Result r = h.run("rolling", Map.of("maxUnavailable", 3));
            assertThat(r.error()).isNull();
            long spearheadDone = h.steps(Steps.UPDATE_SUCCEEDED).stream()
                    .filter(e -> e.machineId().equals("m01")).findFirst().orElseThrow().atNanos();
            List<Call> siblingUpdates = h.api.calls("update").stream().filter(c -> !c.machineId().equals("m01")).toList();
            assertThat(siblingUpdates).hasSize(3).allSatisfy(c -> assertThat(c.atNanos()).isGreaterThan(spearheadDone));
            // with a pool of 3 the three siblings go together
            assertThat(siblingUpdates.stream().map(Call::atNanos).distinct()).hasSize(1);
        }
    }

    @Test
    void warmMachinesOutOfServiceAtOnceNeverExceedThePoolSize() {
        for (Object mu : List.of(2, 0.5, 0.33)) {
            int pool = mu instanceof Integer i ? i : (int) Math.ceil(6 * (Double) mu);
            try (Harness h = new Harness().startedMachines(6)) {
                Harness.Result r = h.run("rolling", Map.of("maxUnavailable", mu));
                assertThat(r.error()).isNull();
                assertThat(maxConcurrentUpdates(h)).as("maxUnavailable=" + mu).isEqualTo(pool);
            }
        }
    }

    /** The most machines between their updateMachine step and their success step at one instant. */
    static int maxConcurrentUpdates(Harness h) {
        TreeMap<Long, Integer> delta = new TreeMap<>();
        for (Harness.StepEvent e : h.steps) {
            if (e.step().equals(Steps.UPDATE_MACHINE)) {
                delta.merge(e.atNanos(), 1, Integer::sum);
            } else if (e.step().equals(Steps.UPDATE_SUCCEEDED) || e.step().equals(Steps.UPDATE_FAILED)) {
                delta.merge(e.atNanos(), -1, Integer::sum);
            }
        }
        int now = 0;
        int max = 0;
        for (int d : delta.values()) {
            now += d;
            max = Math.max(max, now);
        }
        return max;
    }

    @Test
    void aFailedUpdateCancelsTheMachinesStillQueuedAndTheDeployFails() {
        try (Harness h = new Harness().startedMachines(4)) {
            h.api.fail("update", "m02", 1, () -> BROKEN);
            Harness.Result r = h.run("rolling", Map.of("maxUnavailable", 1));
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("cannot update while failed");
            assertThat(h.api.calls("update", "m01")).hasSize(1);
            assertThat(h.api.calls("update", "m03")).isEmpty();
            assertThat(h.api.calls("update", "m04")).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
            // no rollback: m01 keeps the new version, the others the old one
            assertThat(h.api.existing().get(0).image()).isEqualTo(Harness.NEW_IMAGE);
            assertThat(h.api.existing().get(3).image()).isEqualTo(Harness.OLD_IMAGE);
        }
    }

    @Test
    void stoppedMachinesAreUpdatedWithSkipLaunchAndNeverWaitedFor() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.machine("m03", MachineState.STOPPED, Harness.web(Harness.OLD_IMAGE, "app"));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update", "m03")).hasSize(1);
            assertThat(h.api.calls("waitFor", "m03")).isEmpty();
            assertThat(h.api.calls("get", "m03")).isEmpty();
            assertThat(h.api.state("m03")).isEqualTo(MachineState.STOPPED);
        }
    }

    @Test
    void machineOnAnUnreachableHostIsDestroyedBeforeItsReplacementIsLaunched() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.hostStatus("m02", HostStatus.UNREACHABLE);
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.exists("m02")).isFalse();
            int destroy = h.indexOf("destroy", "m02");
            int launch = h.indexOf("launch", null);
            assertThat(destroy).isNotNegative().isLessThan(launch);
            assertThat(h.api.calls("destroy", "m02").get(0).nonce()).isNotEmpty();
            String replacement = h.api.calls("launch").get(0).machineId();
            assertThat(h.api.launchInput(replacement).region()).isEqualTo("iad");
            assertThat(h.api.launchInput(replacement).leaseTtl()).contains(Duration.ofMinutes(5));
            assertThat(h.api.existing()).extracting(m -> m.id()).containsExactly("m01", replacement);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void capacityErrorOnUpdateFallsBackToReplacingTheMachine() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.fail("update", "m01", 1, () -> new MachinesApiException.CapacityExhausted("m01"));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.indexOf("update", "m01")).isLessThan(h.indexOf("destroy", "m01"));
            assertThat(h.indexOf("destroy", "m01")).isLessThan(h.indexOf("launch", null));
            assertThat(h.api.existing()).hasSize(1).allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
        }
    }

    @Test
    void capacityErrorOnAMachineWithAVolumeFailsInsteadOfReplacing() {
        MachineConfig withVolume = new MachineConfig(Harness.OLD_IMAGE, "app", "shared-cpu-1x", true,
                List.of(Harness.tcp()), Map.of(), false, "SIGINT", Duration.ofSeconds(5), List.of("data"));
        try (Harness h = new Harness()) {
            h.releaseGroup("app", withVolume.withImage(Harness.NEW_IMAGE));
            h.api.machine("m01", MachineState.STARTED, withVolume);
            h.api.fail("update", "m01", 1, () -> new MachinesApiException.CapacityExhausted("m01"));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("could not reserve resource for machine");
            assertThat(h.api.calls("destroy")).isEmpty();
            assertThat(h.api.calls("launch")).isEmpty();
        }
    }

    @Test
    void aLeaseHeldByAnotherActorAbortsBeforeAnyUpdateAndReleasesTheLeasesObtained() {
        try (Harness h = new Harness().startedMachines(3)) {
            h.api.leaseHeldBy("m02", "someone@example.com");
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("lease currently held by someone@example.com");
            assertThat(h.api.calls("update")).isEmpty();
            // the first failure cancels the acquisitions still in flight; the one obtained is released
            assertThat(h.api.calls("acquireLease").stream().filter(Call::ok).map(Call::machineId)).containsExactly("m01");
            assertThat(h.api.calls("releaseLease", "m01")).hasSize(1);
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void leasesAreRefreshedEveryFourSecondsWhileSlowChecksKeepTheDeployGoing() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.api.checkDelay = Duration.ofSeconds(60); // checks pass a minute after boot: far past the 13 s TTL
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(r.endNanos()).isGreaterThan(Duration.ofSeconds(120).toNanos());
            List<Call> refreshes = h.api.calls("refreshLease", "m02");
            assertThat(refreshes).allSatisfy(c -> assertThat(c.ok()).isTrue());
            // (TTL - 1 s) / 3 = 4 s between refreshes (3.98 s, then 4.02 s: no jitter), plus the call's 50 ms
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < refreshes.size(); i++) {
                gaps.add(refreshes.get(i).atNanos() - refreshes.get(i - 1).atNanos());
            }
            assertThat(gaps).isNotEmpty().allSatisfy(g -> assertThat(g).isBetween(
                    Duration.ofMillis(3980 + 50).toNanos(), Duration.ofMillis(4020 + 50).toNanos()));
            assertThat(h.api.violations()).isEmpty();
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }

    @Test
    void smokeCheckFailsOnlyOnACrashLoopingMachine() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.crashLoop(Harness.NEW_IMAGE);
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNotNull();
            assertThat(r.error().getMessage()).contains("smoke checks for m01 failed").contains("the app appears to be crashing");
        }
    }

    @Test
    void processGroupsRollConcurrentlyEachWithItsOwnSpearhead() {
        try (Harness h = new Harness().startedMachines(2)) {
            h.releaseGroup("worker", Harness.noChecks(Harness.NEW_IMAGE, "worker"));
            h.api.machine("w01", MachineState.STARTED, Harness.noChecks(Harness.OLD_IMAGE, "worker"));
            h.api.machine("w02", MachineState.STARTED, Harness.noChecks(Harness.OLD_IMAGE, "worker"));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.calls("update", "m01").get(0).atNanos()).isEqualTo(h.api.calls("update", "w01").get(0).atNanos());
            assertThat(h.indexOf("update", "w02")).isGreaterThan(h.indexOf("update", "w01"));
            assertThat(h.api.existing()).allSatisfy(m -> assertThat(m.image()).isEqualTo(Harness.NEW_IMAGE));
        }
    }

    @Test
    void machinesOfDroppedGroupsAreDestroyedAndNewGroupsGetMachines() {
        try (Harness h = new Harness().startedMachines(1)) {
            h.api.machine("o01", MachineState.STARTED, Harness.noChecks(Harness.OLD_IMAGE, "old"));
            h.releaseGroup("api", MachineConfig.web(Harness.NEW_IMAGE, "api"));
            Harness.Result r = h.run("rolling");
            assertThat(r.error()).isNull();
            assertThat(h.api.exists("o01")).isFalse();
            // a new group with services gets two machines (flyctl's --ha default), launched and waited for
            assertThat(h.api.existing()).filteredOn(m -> m.processGroup().equals("api")).hasSize(2)
                    .allSatisfy(m -> assertThat(m.state()).isEqualTo(MachineState.STARTED));
            assertThat(h.indexOf("destroy", "o01")).isLessThan(h.indexOf("launch", null));
            assertThat(h.indexOf("launch", null)).isLessThan(h.indexOf("update", "m01"));
            assertThat(h.api.leasesHeldByUs()).isEmpty();
        }
    }
}
