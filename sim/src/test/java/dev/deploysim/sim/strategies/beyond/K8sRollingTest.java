package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.sim.observe.ServingTimeline;
import dev.deploysim.sim.platform.PlatformConfig;
import dev.deploysim.sim.random.Distribution;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.k8s.Fenceposts;
import dev.deploysim.strategies.k8s.K8sRollingStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** k8s-rolling against Kubernetes' documented arithmetic, run on the simulated platform. */
class K8sRollingTest {

    @Test
    void fencepostsRoundSurgeUpAndUnavailableDownAndNeverBothZero() {
        // hand-computed from ResolveFenceposts: ceil(25% x n), floor(25% x n), (0, 0) -> (0, 1)
        assertThat(Fenceposts.resolve("25%", "25%", 10)).isEqualTo(new Fenceposts(3, 2));
        assertThat(Fenceposts.resolve("25%", "25%", 4)).isEqualTo(new Fenceposts(1, 1));
        assertThat(Fenceposts.resolve("25%", "25%", 1)).isEqualTo(new Fenceposts(1, 0));
        assertThat(Fenceposts.resolve("0%", "25%", 1)).isEqualTo(new Fenceposts(0, 1));
        assertThat(Fenceposts.resolve("0%", "25%", 2)).isEqualTo(new Fenceposts(0, 1));
        assertThat(Fenceposts.resolve("0%", "25%", 3)).isEqualTo(new Fenceposts(0, 1));
        assertThat(Fenceposts.resolve("0%", "25%", 4)).isEqualTo(new Fenceposts(0, 1));
        assertThat(Fenceposts.resolve("0%", "25%", 8)).isEqualTo(new Fenceposts(0, 2));
        assertThat(Fenceposts.resolve("1", "0", 5)).isEqualTo(new Fenceposts(1, 0));
        assertThat(Fenceposts.resolve("34%", "1%", 3)).isEqualTo(new Fenceposts(2, 0)); // ceil(1.02), floor(0.03)
        assertThat(Fenceposts.resolve("200%", "100%", 3)).isEqualTo(new Fenceposts(6, 3));
        // MaxUnavailable never exceeds the replicas
        assertThat(Fenceposts.resolve("0", "5", 3).maxUnavailable(3)).isEqualTo(3);
        assertThat(Fenceposts.resolve("25%", "25%", 10).minAvailable(10)).isEqualTo(8);
        assertThat(Fenceposts.resolve("25%", "25%", 10).maxTotal(10)).isEqualTo(13);
    }

    @Test
    void optionsDefaultToKubernetesValuesAndInvalidOnesAreRefusedWithTheApiServersMessages() {
        var s = Strategies.get(K8sRollingStrategy.NAME);
        var o = Strategies.resolveOptions(s, Map.of());
        assertThat(o.getString("maxSurge")).isEqualTo("25%");
        assertThat(o.getString("maxUnavailable")).isEqualTo("25%");
        assertThat(o.getInt("minReadySeconds")).isZero();
        assertThat(o.getInt("progressDeadlineSeconds")).isEqualTo(600);
        assertRefused(Map.of("maxSurge", "0", "maxUnavailable", "0%"), "maxUnavailable", "may not be 0 when `maxSurge` is 0");
        assertRefused(Map.of("maxUnavailable", "101%"), "maxUnavailable", "must not be greater than 100%");
        assertRefused(Map.of("maxSurge", "2.5%"), "maxSurge", "must be an integer or percentage");
        assertRefused(Map.of("maxSurge", "-1"), "maxSurge", "must be greater than or equal to 0");
        assertRefused(Map.of("minReadySeconds", -1), "minReadySeconds", "must be greater than or equal to 0");
        assertRefused(Map.of("minReadySeconds", 30, "progressDeadlineSeconds", 30), "progressDeadlineSeconds",
                "must be greater than minReadySeconds");
        // maxSurge may exceed 100%, and 0%/25% is valid: only literal zeros on both are refused
        Strategies.resolveOptions(s, Map.of("maxSurge", "150%"));
        Strategies.resolveOptions(s, Map.of("maxSurge", "0%", "maxUnavailable", "25%"));
    }

    private static void assertRefused(Map<String, ?> options, String option, String message) {
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(K8sRollingStrategy.NAME), options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(option));
    }

    @Test
    void tenReplicasAtTheDefaultsNeverHaveFewerThanEightAvailableNorMoreThanThirteenPods() {
        try (WorldRun run = WorldRun.constant(WorldRun.web(10)).deploy(K8sRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            Census c = Census.pods(run, "app", Duration.ZERO);
            // both bounds are reached, so the counting is exercised, and neither is crossed
            assertThat(c.maxInstances(run.startNanos, run.endNanos)).isEqualTo(13);
            assertThat(c.minAvailable(run.startNanos, run.endNanos)).as(c.firstBelow(run.startNanos, run.endNanos, 8))
                    .isEqualTo(8);
            assertThat(run.imagesAtEnd()).hasSize(10).containsOnly(WorldRun.NEW_IMAGE);
            // the first sync surges by ceil(25% x 10) = 3, the second scales the old ReplicaSet down by 10 - 8 = 2
            assertThat(run.steps(K8sRollingStrategy.SCALE_REPLICA_SET)).extracting(s -> s.detail()).startsWith(
                    "app: app-new 0 -> 3 (reconcileNewReplicaSet)",
                    "app: app-old 10 -> 8 (scaleDownOldReplicaSetsForRollingUpdate)",
                    "app: app-new 3 -> 5 (reconcileNewReplicaSet)");
            assertThat(run.steps(K8sRollingStrategy.DEPLOYMENT_COMPLETE)).hasSize(1);
        }
    }

    @Test
    void maxSurgeZeroPercentWithOneReplicaDeletesTheOnlyPodBeforeItsReplacementExists() {
        // 0% rounds up to 0, 25% of 1 rounds down to 0; both 0, so maxUnavailable becomes 1
        try (WorldRun run = WorldRun.constant(WorldRun.web(1))
                .deploy(K8sRollingStrategy.NAME, Map.of("maxSurge", "0%", "maxUnavailable", "25%"))) {
            assertThat(run.ok()).isTrue();
            Census c = Census.pods(run, "app", Duration.ZERO);
            assertThat(c.maxInstances(run.startNanos, run.endNanos)).isEqualTo(1);
            assertThat(c.minAvailable(run.startNanos, run.endNanos)).isZero();
            // the old pod's deletion starts before the new pod is created
            var calls = run.calls("stop", "launch");
            assertThat(calls).extracting(a -> a.operation()).startsWith("stop", "launch");
            assertThat(run.serving().zeroServingNanos(run.startNanos, run.serving().endNanos())).isGreaterThan(WorldRun.secs(5));
        }
    }

    @Test
    void maxSurgeZeroPercentWithTwoOrThreeReplicasReplacesOnePodAtATime() {
        for (int n : List.of(2, 3)) {
            try (WorldRun run = WorldRun.constant(WorldRun.web(n))
                    .deploy(K8sRollingStrategy.NAME, Map.of("maxSurge", "0%", "maxUnavailable", "25%"))) {
                assertThat(run.ok()).isTrue();
                Census c = Census.pods(run, "app", Duration.ZERO);
                assertThat(c.maxInstances(run.startNanos, run.endNanos)).as("n=" + n).isEqualTo(n);
                assertThat(c.minAvailable(run.startNanos, run.endNanos)).as("n=" + n).isEqualTo(n - 1);
            }
        }
    }

    @Test
    void oneReplicaAtTheDefaultsIsAlwaysAvailableButNotAlwaysServingWhenThePropagationIsSlow() {
        // 25% of 1: surge 1, unavailable 0. Kubernetes keeps one pod available throughout, but the old pod
        // is deleted as soon as the new one passes its checks, before the proxy (5 s behind) routes to it.
        var platform = PlatformConfig.constant().withPropagationSeconds(new Distribution.Constant(5.0));
        try (WorldRun run = new WorldRun(platform, WorldRun.web(1), 1).deploy(K8sRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).isTrue();
            Census c = Census.pods(run, "app", Duration.ZERO);
            assertThat(c.minAvailable(run.startNanos, run.endNanos)).isEqualTo(1);
            assertThat(c.maxInstances(run.startNanos, run.endNanos)).isEqualTo(2);
            // the new pod passes its check at 6.4 s, the controller sees it at its 7.0 s sync and deletes the old
            // pod (stopped at 7.3 s); the proxy learns of the new pod at 6.4 + 5 = 11.4 s, after the deploy returned
            var gaps = run.serving().zeroServingIntervals(run.startNanos, run.serving().endNanos());
            assertThat(gaps).containsExactly(new ServingTimeline.Interval(WorldRun.secs(7.3),
                    WorldRun.secs(11.4)));
            assertThat(run.endNanos).isLessThan(WorldRun.secs(11.4));
        }
    }

    @Test
    void coldMachinesAreNotPodsButAreUpdatedInPlaceAndStayStopped() {
        try (WorldRun run = WorldRun.constant(WorldRun.app(2, 1, List.of(WorldRun.fastCheck()), true))
                .deploy(K8sRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).isTrue();
            assertThat(run.steps(K8sRollingStrategy.RESOLVE_FENCEPOSTS).get(0).detail()).contains("replicas=2");
            assertThat(run.steps(K8sRollingStrategy.UPDATE_COLD_MACHINE)).hasSize(1);
            assertThat(run.machinesAtEnd()).hasSize(3).allMatch(m -> m.contains(WorldRun.NEW_IMAGE))
                    .filteredOn(m -> m.endsWith("stopped")).hasSize(1);
            // the update held the cold machine's lease
            assertThat(run.calls("update")).singleElement().satisfies(c -> assertThat(c.leaseHolder()).isEqualTo(WorldRun.ACTOR));
        }
    }
}
