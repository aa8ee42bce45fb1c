package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.surge.SurgeRollingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** surge-rolling: its order, its n + surge bound and its serving promise, on the simulated platform. */
class SurgeRollingTest {

    @Test
    void optionsDefaultAndInvalidOnesAreRefusedNamingTheOption() {
        var o = Strategies.resolveOptions(Strategies.get(SurgeRollingStrategy.NAME), Map.of());
        assertThat(o.getInt("surge")).isEqualTo(1);
        assertThat(o.getDuration("routeWait")).isEqualTo(Duration.ofSeconds(20));
        assertThat(o.getDuration("drainWait")).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getDuration("waitTimeout")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(SurgeRollingStrategy.NAME), Map.of("surge", 0)))
                .isInstanceOf(InvalidOptionException.class).satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo("surge"));
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(SurgeRollingStrategy.NAME), Map.of("waitTimeout", "20s")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("must be longer than routeWait");
    }

    @Test
    void oneMachineIsReplacedLeaseLaunchRoutedCordonDrainStopDestroyAndNeverStopsServing() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(1)).deploy(SurgeRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            String old = run.seeded.get(0);
            List<Observation.ApiCall> mutations = run.calls("acquireLease", "launch", "cordon", "uncordon", "stop", "destroy");
            assertThat(mutations).extracting(c -> c.operation() + (c.machineId().equals(old) ? " old" : " new"))
                    .containsExactly("acquireLease old", "launch new", "cordon old", "stop old", "destroy old");
            Observation.ApiCall cordon = mutations.get(2);
            Observation.ApiCall stop = mutations.get(3);
            // the replacement passes its check 6.3 s in (launched at 0.3 s, started 3.3 s, app ready 6.3 s) and is
            // first seen so at the next 0.5 s poll; the cordon starts routeWait (20 s) after that sighting
            long seenReady = run.steps(SurgeRollingStrategy.REPLACEMENT_READY).get(0).atNanos();
            assertThat(seenReady).isBetween(WorldRun.secs(6.3), WorldRun.secs(6.9));
            assertThat(cordon.startedAtNanos() - seenReady).isBetween(WorldRun.secs(20), WorldRun.secs(20.7));
            assertThat(stop.startedAtNanos() - cordon.atNanos()).isBetween(WorldRun.secs(10), WorldRun.secs(10.1));
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(1);
            assertThat(run.probes().failed()).isZero();
            assertThat(run.imagesAtEnd()).containsExactly(WorldRun.NEW_IMAGE);
        }
    }

    @Test
    void neverMoreThanNPlusSurgeMachinesAndOldMachinesGoInIdOrder() {
        record Case(int n, int surge, int max) {
        }
        for (Case c : List.of(new Case(4, 1, 5), new Case(4, 2, 6), new Case(3, 5, 6))) {
            try (WorldRun run = WorldRun.constant(WorldRun.web(c.n()))
                    .deploy(SurgeRollingStrategy.NAME, Map.of("surge", c.surge()))) {
                assertThat(run.ok()).isTrue();
                // machines that exist (launched, not yet destroyed), old and new
                Census existing = Census.of(run.log, "app", 1, WorldRun.ACTOR, Duration.ZERO, List.of());
                assertThat(existing.maxInstances(run.startNanos, run.endNanos)).as(c.toString()).isEqualTo(c.max());
                assertThat(run.steps(SurgeRollingStrategy.CORDON_OLD)).extracting(Observation.StrategyStep::machineId)
                        .as(c.toString()).containsExactlyElementsOf(run.seeded);
                assertThat(run.imagesAtEnd()).hasSize(c.n()).containsOnly(WorldRun.NEW_IMAGE);
                assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(c.n());
            }
        }
    }

    @Test
    void neverZeroServingForOneTwoOrThreeMachinesOnTheDefaultPlatformOverTenSeeds() {
        for (int n = 1; n <= 3; n++) {
            for (long seed = 1; seed <= 10; seed++) {
                try (WorldRun run = new WorldRun(PlatformConfig.defaults(), AppSpec.web(n), seed)
                        .deploy(SurgeRollingStrategy.NAME, Map.of())) {
                    String what = "n=" + n + " seed=" + seed;
                    assertThat(run.ok()).as(what + " " + run.error).isTrue();
                    assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).as(what).isPositive();
                    assertThat(run.probes().failed()).as(what).isZero();
                }
            }
        }
    }

    @Test
    void aBadReleaseNeverTakesTheOldMachineOutOfServiceAndTheReplacementIsDestroyed() {
        try (WorldRun run = WorldRun.constant(WorldRun.app(1, 0, List.of(WorldRun.fastCheck()), false))
                .deploy(SurgeRollingStrategy.NAME, Map.of("waitTimeout", "60s"))) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.getMessage()).contains("did not pass its checks");
            assertThat(run.calls("cordon", "stop", "destroy").stream().filter(c -> c.machineId().equals(run.seeded.get(0))))
                    .isEmpty();
            assertThat(run.steps(SurgeRollingStrategy.DESTROY_REPLACEMENT)).hasSize(1);
            assertThat(run.imagesAtEnd()).containsExactly(WorldRun.OLD_IMAGE);
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(1);
        }
    }

    @Test
    void aReplacementThatCrashesWhileItsOldMachineDrainsPutsTheOldMachineBackUntilItIsRoutedAgain() {
        // the first replacement is cordon-ready at ~26.9 s; crash it (it restarts) at 30 s, mid-drain
        try (WorldRun run = WorldRun.constant(WorldRun.web(2)).deploy(SurgeRollingStrategy.NAME, Map.of(),
                w -> w.kernel.schedule(WorldRun.secs(30), "crash", () -> w.world.crash(VersionSelector.NEW, true)))) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            List<Observation.StrategyStep> uncordons = run.steps(SurgeRollingStrategy.UNCORDON_OLD);
            assertThat(uncordons).hasSize(1);
            assertThat(uncordons.get(0).machineId()).isEqualTo(run.seeded.get(0));
            // cordoned twice: before the crash and after the restarted replacement was routed again
            assertThat(run.calls("cordon").stream().filter(c -> c.machineId().equals(run.seeded.get(0)))).hasSize(2);
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isPositive();
            assertThat(run.imagesAtEnd()).hasSize(2).containsOnly(WorldRun.NEW_IMAGE);
        }
    }

    @Test
    void cancellingMidDrainPutsTheOldMachineBackAndDestroysItsReplacement() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(1)).cancelAt(Duration.ofSeconds(30))
                .deploy(SurgeRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).isFalse();
            String old = run.seeded.get(0);
            List<Observation.ApiCall> mutations = run.calls("launch", "cordon", "uncordon", "stop", "destroy");
            assertThat(mutations).extracting(c -> c.operation() + (c.machineId().equals(old) ? " old" : " new"))
                    .containsExactly("launch new", "cordon old", "uncordon old", "destroy new");
            // the replacement goes only routeWait after the old machine is back in service
            assertThat(mutations.get(3).startedAtNanos() - mutations.get(2).atNanos()).isGreaterThanOrEqualTo(WorldRun.secs(20));
            assertThat(run.machinesAtEnd()).containsExactly(old + " " + WorldRun.OLD_IMAGE + " started");
            assertThat(run.world.machine(old).orElseThrow().cordoned()).isFalse();
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(1);
            assertThat(run.log.ofType(Observation.LeaseChanged.class)).last()
                    .satisfies(l -> assertThat(l.change()).isEqualTo(Observation.LeaseChange.RELEASED));
        }
    }

    @Test
    void withOneMachineACrashOfTheRoutedReplacementMidDrainIsOutsideThePromiseAndCostsOnlyTheUncordonsPropagation() {
        // the crash leaves no machine both serving and routable in truth (the old one is cordoned): a serving
        // outage, outside never-zero-serving's fault class. The gap lasts until the old machine's uncordon
        // reaches the proxy: the next 0.5 s poll, one API call (0.1 s) and the propagation (0.5 s).
        try (WorldRun run = WorldRun.constant(WorldRun.web(1)).deploy(SurgeRollingStrategy.NAME, Map.of(),
                w -> w.kernel.schedule(WorldRun.secs(30), "crash", () -> w.world.crash(VersionSelector.NEW, true)))) {
            assertThat(run.ok()).isTrue();
            var gaps = run.serving().zeroServingIntervals(run.startNanos, run.serving().endNanos());
            assertThat(gaps).hasSize(1);
            assertThat(gaps.get(0).startNanos()).isEqualTo(WorldRun.secs(30));
            assertThat(gaps.get(0).lengthNanos()).isBetween(WorldRun.secs(0.6), WorldRun.secs(1.1));
            assertThat(run.steps(SurgeRollingStrategy.UNCORDON_OLD)).hasSize(1);
            assertThat(run.imagesAtEnd()).containsExactly(WorldRun.NEW_IMAGE);
        }
    }

    @Test
    void aCancelledReplacementKeepsItsOldMachinesLeaseAliveThroughACleanupRouteWaitLongerThanTheTtl() {
        // shrunk by the property suite: surge 2, routeWait 40 s; the first replacement times out while the second
        // old machine drains, which cancels it; its cleanup uncordons, waits routeWait (> the 30 s TTL) with the
        // lease's refresher cancelled, and only then releases the lease, which had expired at 86.3 s
        var run = ShrunkScenario.replay("surge-lease-lapse");
        assertThat(run.outcomeName()).isEqualTo("failed");
        // the failed deploy breaks only succeeds: no lease lapsed, nothing else was violated
        assertThat(run.violations()).extracting(v -> v.invariant()).containsExactly("succeeds");
        assertThat(run.log().ofType(Observation.LeaseChanged.class))
                .noneMatch(l -> l.change() == Observation.LeaseChange.EXPIRED);
        assertThat(run.log().ofType(Observation.LeaseChanged.class)).filteredOn(l -> l.change() == Observation.LeaseChange.RELEASED)
                .hasSize(2);
    }
}
