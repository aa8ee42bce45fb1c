package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.nomad.NomadStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** nomad against the update block's documented behaviour, run on the simulated platform. */
class NomadTest {

    @Test
    void optionsDefaultToTheUpdateBlocksDefaultsAndInvalidOnesAreRefusedWithNomadsMessages() {
        var o = Strategies.resolveOptions(Strategies.get(NomadStrategy.NAME), Map.of());
        assertThat(o.getInt("maxParallel")).isEqualTo(1);
        assertThat(o.getInt("canary")).isZero();
        assertThat(o.getBoolean("autoPromote")).isFalse();
        assertThat(o.getBoolean("autoRevert")).isFalse();
        assertThat(o.getDuration("minHealthyTime")).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.getDuration("healthyDeadline")).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.getDuration("progressDeadline")).isEqualTo(Duration.ofMinutes(10));
        assertThat(o.getDuration("stagger")).isEqualTo(Duration.ofSeconds(30));
        assertRefused(Map.of("maxParallel", -1), "maxParallel", "Max parallel can not be less than zero: -1 < 0");
        assertRefused(Map.of("canary", -1), "canary", "Canary count can not be less than zero");
        assertRefused(Map.of("autoPromote", true), "autoPromote", "Auto Promote requires a Canary count greater than zero");
        assertRefused(Map.of("minHealthyTime", "5m"), "minHealthyTime", "Minimum healthy time must be less than healthy deadline");
        assertRefused(Map.of("healthyDeadline", "10m"), "healthyDeadline", "Healthy deadline must be less than progress deadline");
        assertRefused(Map.of("healthyDeadline", "0s"), "healthyDeadline", "Healthy deadline must be greater than zero");
        assertRefused(Map.of("stagger", "0s"), "stagger", "Stagger must be greater than zero");
        // progress_deadline 0 lifts the healthy < progress rule
        Strategies.resolveOptions(Strategies.get(NomadStrategy.NAME), Map.of("progressDeadline", "0s", "healthyDeadline", "20m"));
    }

    private static void assertRefused(Map<String, ?> options, String option, String message) {
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(NomadStrategy.NAME), options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(option));
    }

    /** The virtual times (seconds, 3 decimals) at which each step of {@code name} happened, with how many at once. */
    private static Map<String, Long> countsByTime(WorldRun run, String name) {
        Map<String, Long> out = new TreeMap<>();
        for (Observation.StrategyStep s : run.steps(name)) {
            out.merge(WorldRun.fmt(s.atNanos()), 1L, Long::sum);
        }
        return out;
    }

    @Test
    void maxParallelTwoUpdatesFourAllocationsInTwoBatchesEachWaitingForMinHealthyTime() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(4)).deploy(NomadStrategy.NAME, Map.of("maxParallel", 2))) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            assertThat(run.imagesAtEnd()).hasSize(4).containsOnly(WorldRun.NEW_IMAGE);
            // two destructive updates in the first sync, two more only once both replacements are healthy
            Map<String, Long> stops = countsByTime(run, NomadStrategy.STOP_ALLOCATION);
            Map<String, Long> places = countsByTime(run, NomadStrategy.PLACE_ALLOCATION);
            assertThat(stops.values()).containsExactly(2L, 2L);
            assertThat(places.values()).containsExactly(2L, 2L); // each placement returns one API call after its stop starts
            List<String> batches = List.copyOf(stops.keySet());
            List<Observation.StrategyStep> healthy = run.steps(NomadStrategy.ALLOCATION_HEALTHY);
            assertThat(healthy).hasSize(4);
            // a new allocation passes its check 6.1 s after its placement call; healthy 10 s later, seen at the next sync
            double first = Double.parseDouble(batches.get(0));
            double second = Double.parseDouble(batches.get(1));
            assertThat(second - first).isBetween(16.0, 18.0);
            assertThat(WorldRun.fmt(healthy.get(1).atNanos())).isEqualTo(batches.get(1));
            // the stops took allocations in ID order
            List<String> stopped = run.steps(NomadStrategy.STOP_ALLOCATION).stream().map(Observation.StrategyStep::machineId).toList();
            assertThat(stopped).isEqualTo(run.seeded);
            Census c = Census.deregistering(run, "app", Duration.ZERO);
            assertThat(c.maxInstances(run.startNanos, run.endNanos)).isEqualTo(4);
            assertThat(c.minAvailable(run.startNanos, run.endNanos)).isEqualTo(2);
        }
    }

    @Test
    void aCanaryWithAutoPromoteRunsBesideTheOldAllocationsUntilHealthyThenReplacesOne() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(3))
                .deploy(NomadStrategy.NAME, Map.of("canary", 1, "autoPromote", true))) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            assertThat(run.imagesAtEnd()).hasSize(3).containsOnly(WorldRun.NEW_IMAGE);
            List<String> order = run.steps().stream().map(Observation.StrategyStep::step)
                    .filter(s -> List.of(NomadStrategy.PLACE_CANARY, NomadStrategy.PROMOTE, NomadStrategy.STOP_ALLOCATION,
                            NomadStrategy.PLACE_ALLOCATION, NomadStrategy.DEPLOYMENT_SUCCESSFUL).contains(s)).toList();
            // the canary first; promotion stops the old allocation it replaces (without a placement);
            // then the remaining two are destructively updated one at a time (max_parallel 1)
            assertThat(order).containsExactly(NomadStrategy.PLACE_CANARY, NomadStrategy.PROMOTE, NomadStrategy.STOP_ALLOCATION,
                    NomadStrategy.STOP_ALLOCATION, NomadStrategy.PLACE_ALLOCATION, NomadStrategy.STOP_ALLOCATION,
                    NomadStrategy.PLACE_ALLOCATION, NomadStrategy.DEPLOYMENT_SUCCESSFUL);
            long promotedAt = run.steps(NomadStrategy.PROMOTE).get(0).atNanos();
            long firstStop = run.steps(NomadStrategy.STOP_ALLOCATION).get(0).atNanos();
            assertThat(firstStop).isEqualTo(promotedAt);
            // nothing old was touched before the canary had been healthy for min_healthy_time
            long canaryPlaced = run.steps(NomadStrategy.PLACE_CANARY).get(0).atNanos();
            assertThat(promotedAt - canaryPlaced).isGreaterThanOrEqualTo(WorldRun.secs(16));
            Census c = Census.deregistering(run, "app", Duration.ZERO);
            assertThat(c.maxInstances(run.startNanos, run.endNanos)).isEqualTo(4); // count + canary
            assertThat(c.minAvailable(run.startNanos, run.endNanos)).isEqualTo(2);
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isPositive();
        }
    }

    @Test
    void oneAllocationWithOneAutoPromotedCanaryNeverStopsServing() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(1))
                .deploy(NomadStrategy.NAME, Map.of("canary", 1, "autoPromote", true))) {
            assertThat(run.ok()).isTrue();
            assertThat(run.imagesAtEnd()).containsExactly(WorldRun.NEW_IMAGE);
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(1);
            assertThat(run.probes().failed()).isZero();
        }
    }

    @Test
    void anUnpromotedCanaryFailsTheDeploymentAtTheProgressDeadlineAndIsStopped() {
        Map<String, Object> opts = Map.of("canary", 1, "progressDeadline", "60s", "healthyDeadline", "30s", "minHealthyTime", "5s");
        try (WorldRun run = WorldRun.constant(WorldRun.web(2)).deploy(NomadStrategy.NAME, opts)) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.getMessage()).contains("Failed due to progress deadline");
            assertThat(run.error.rolledBack()).isFalse();
            assertThat(run.steps(NomadStrategy.AWAITING_PROMOTION)).hasSize(1);
            // the old allocations were never touched; the canary is gone
            assertThat(run.imagesAtEnd()).containsExactly(WorldRun.OLD_IMAGE, WorldRun.OLD_IMAGE);
            assertThat(run.calls("stop", "destroy", "cordon").stream().map(Observation.ApiCall::machineId).distinct().toList())
                    .doesNotContainAnyElementsOf(run.seeded);
            // the deadline ran from the canary turning healthy (~11 s) for 60 s
            long failedAt = run.steps(NomadStrategy.DEPLOYMENT_FAILED).get(0).atNanos();
            long healthyAt = run.steps(NomadStrategy.ALLOCATION_HEALTHY).get(0).atNanos();
            assertThat(failedAt - healthyAt).isBetween(WorldRun.secs(60), WorldRun.secs(62));
        }
    }

    @Test
    void aBadReleaseFailsAtTheProgressDeadlineAndAutoRevertRollsTheStableVersionBack() {
        Map<String, Object> opts = Map.of("autoRevert", true, "progressDeadline", "120s", "healthyDeadline", "30s",
                "minHealthyTime", "5s");
        try (WorldRun run = WorldRun.constant(WorldRun.app(3, 0, List.of(WorldRun.fastCheck()), false))
                .deploy(NomadStrategy.NAME, opts)) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.rolledBack()).isTrue();
            assertThat(run.error.getMessage()).contains("Failed due to progress deadline").contains("reverted");
            // placed at ~1 s, unhealthy at ~31 s (healthy_deadline), rescheduled 30 s later, unhealthy again at ~92 s,
            // rescheduled 60 s later (past the deadline): the deployment fails 120 s after it began
            assertThat(run.steps(NomadStrategy.ALLOCATION_UNHEALTHY)).hasSize(2);
            long failedAt = run.steps(NomadStrategy.DEPLOYMENT_FAILED).get(0).atNanos();
            assertThat(failedAt - run.startNanos).isBetween(WorldRun.secs(120), WorldRun.secs(122));
            assertThat(run.steps(NomadStrategy.AUTO_REVERT_STEP)).hasSize(1);
            assertThat(run.imagesAtEnd()).hasSize(3).containsOnly(WorldRun.OLD_IMAGE);
            // max_parallel 1 kept two of three old allocations serving throughout
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void maxParallelZeroReplacesEveryAllocationAtOnceWithoutADeployment() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(3)).deploy(NomadStrategy.NAME, Map.of("maxParallel", 0))) {
            assertThat(run.ok()).isTrue();
            assertThat(countsByTime(run, NomadStrategy.STOP_ALLOCATION).values()).containsExactly(3L);
            assertThat(run.steps(NomadStrategy.ALLOCATION_HEALTHY)).isEmpty();
            assertThat(run.imagesAtEnd()).hasSize(3).containsOnly(WorldRun.NEW_IMAGE);
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isZero();
        }
    }

    @Test
    void moreCanariesThanCountAreCutToCountOncePromotedSoTheDeploymentCompletesWithoutARevertThatStopsEveryAllocation() {
        // shrunk by the property suite: 1 machine, canary 2, auto_promote and auto_revert. Promoted, the two canaries
        // exceed count 1; Nomad's computeStop stops the surplus one and the deployment succeeds. Kept both, the
        // deployment never completed, failed on its progress deadline 660 s in and the revert stopped both
        // canaries at once (one above count, one destructive update): about 35 s without a serving machine
        var run = ShrunkScenario.replay("nomad-revert-all-at-once");
        assertThat(run.outcomeName()).as(run.outcomeDetail()).isEqualTo("succeeded");
        assertThat(run.violations()).isEmpty();
        List<Observation.StrategyStep> steps = run.log().ofType(Observation.StrategyStep.class);
        assertThat(steps).extracting(Observation.StrategyStep::step).doesNotContain(NomadStrategy.AUTO_REVERT_STEP)
                .containsOnlyOnce(NomadStrategy.PROMOTE);
        assertThat(steps).filteredOn(st -> st.step().equals(NomadStrategy.STOP_ALLOCATION))
                .extracting(Observation.StrategyStep::detail)
                .containsExactly("replaced by a promoted canary", "above the group's count");
    }
}
