package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.k8s.K8sRollingStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * k8s-rolling's ReplicaSet scaling and progress deadline, hand-derived from the Deployment
 * controller (pkg/controller/deployment/rolling.go: rolloutRolling, reconcileNewReplicaSet,
 * reconcileOldReplicaSets, cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate;
 * util/deployment_util.go: NewRSNewReplicas, DeploymentProgressing, DeploymentTimedOut) and the
 * API server's validation (apps/validation ValidateRollingUpdateDeployment, ValidateDeploymentSpec).
 */
class K8sRolloutStepsTest {

    private static List<String> scales(WorldRun run) {
        return run.steps(K8sRollingStrategy.SCALE_REPLICA_SET).stream().map(Observation.StrategyStep::detail).toList();
    }

    @Test
    void twoReplicasAtTheDefaultsSurgeOneNewPodThenTradeOneOldPodForOneNew() {
        // 2 replicas, 25%/25%: maxSurge ceil(0.5) = 1, maxUnavailable floor(0.5) = 0: minAvailable 2, maxTotal 3.
        // sync 1: NewRSNewReplicas = 0 + min(3 - 2, 2 - 0) = 1 -> new 0 -> 1 (rolloutRolling returns after a scale-up);
        // until the new pod is available, reconcileOld's maxScaledDown = 3 - 2 - 1 = 0; then 3 - 2 - 0 = 1, no
        // unhealthy old pods to clean up, scaleDown = min(2, (1 + 2) - 2) = 1 -> old 2 -> 1; next sync
        // new 1 -> 2 (current 3 - 1 = 2 < 3); once it is available, old 1 -> 0 the same way.
        try (WorldRun run = WorldRun.constant(WorldRun.web(2)).deploy(K8sRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            assertThat(run.steps(K8sRollingStrategy.RESOLVE_FENCEPOSTS)).extracting(Observation.StrategyStep::detail)
                    .containsExactly("app: replicas=2 maxSurge=1 maxUnavailable=0");
            assertThat(scales(run)).containsExactly(
                    "app: app-new 0 -> 1 (reconcileNewReplicaSet)",
                    "app: app-old 2 -> 1 (scaleDownOldReplicaSetsForRollingUpdate)",
                    "app: app-new 1 -> 2 (reconcileNewReplicaSet)",
                    "app: app-old 1 -> 0 (scaleDownOldReplicaSetsForRollingUpdate)");
            List<String> statuses = run.steps(K8sRollingStrategy.ROLLOUT_STATUS).stream().map(Observation.StrategyStep::detail)
                    .toList();
            // the surge pod counts in replicas at once (calculateStatus: every pod of both ReplicaSets)
            assertThat(statuses).contains("app: replicas=3 updated=1 ready=2 available=2");
            assertThat(statuses.get(statuses.size() - 1)).isEqualTo("app: replicas=2 updated=2 ready=2 available=2");
            assertThat(run.steps(K8sRollingStrategy.DEPLOYMENT_COMPLETE)).hasSize(1);
            assertThat(run.steps(K8sRollingStrategy.DELETE_POD)).hasSize(2);
            assertThat(run.steps(K8sRollingStrategy.CREATE_POD)).hasSize(2);
        }
    }

    @Test
    void fourReplicasWithABadReleaseScaleTheOldSetDownByOneAndStopAtTheFloor() {
        // 4 replicas: (1, 1), minAvailable 3, maxTotal 5. sync 1: new 0 -> 1. sync 2: no room to surge;
        // maxScaledDown = 5 - 3 - 1 = 1, old pods all available, scaleDown = min(4, 4 - 3) = 1: old 4 -> 3.
        // sync 3: new 1 -> 2 (current 4 < 5). Then maxScaledDown = 5 - 3 - 2 = 0 and nothing more moves.
        try (WorldRun run = WorldRun.constant(WorldRun.app(4, 0, List.of(WorldRun.fastCheck()), false))
                .deploy(K8sRollingStrategy.NAME, Map.of("progressDeadlineSeconds", 40))) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.getMessage()).isEqualTo("deployment \"app\" exceeded its progress deadline");
            assertThat(scales(run)).containsExactly(
                    "app: app-new 0 -> 1 (reconcileNewReplicaSet)",
                    "app: app-old 4 -> 3 (scaleDownOldReplicaSetsForRollingUpdate)",
                    "app: app-new 1 -> 2 (reconcileNewReplicaSet)");
        }
    }

    @Test
    void theProgressDeadlinePassesOnlyAfterProgressDeadlineSecondsWithoutProgress() {
        // DeploymentTimedOut: lastUpdate + deadline is before now (strictly). A bad release on 2 replicas makes
        // its last progress when the surge pod is counted (updated 0 -> 1); syncs are a second (plus one list
        // call) apart, so the deadline is reported at the first sync more than 30 s later, within 31.2 s.
        try (WorldRun run = WorldRun.constant(WorldRun.app(2, 0, List.of(WorldRun.fastCheck()), false))
                .deploy(K8sRollingStrategy.NAME, Map.of("progressDeadlineSeconds", 30))) {
            assertThat(run.ok()).isFalse();
            long lastProgress = run.steps(K8sRollingStrategy.ROLLOUT_STATUS).stream()
                    .filter(s -> s.detail().equals("app: replicas=3 updated=1 ready=2 available=2"))
                    .findFirst().orElseThrow().atNanos();
            List<Observation.StrategyStep> exceeded = run.steps(K8sRollingStrategy.PROGRESS_DEADLINE_EXCEEDED);
            assertThat(exceeded).hasSize(1);
            assertThat(exceeded.get(0).detail())
                    .isEqualTo("app: Progressing=False reason=ProgressDeadlineExceeded: replicas=3 updated=1 ready=2 available=2");
            long waited = exceeded.get(0).atNanos() - lastProgress;
            assertThat(waited).isGreaterThan(WorldRun.secs(30)).isLessThanOrEqualTo(WorldRun.secs(31.2));
            // the old pods were never touched (the floor of 2 available holds while the new pod is unavailable),
            // and nothing is rolled back: the controller only reports ProgressDeadlineExceeded
            assertThat(run.imagesAtEnd()).containsExactlyInAnyOrder(WorldRun.OLD_IMAGE, WorldRun.OLD_IMAGE, WorldRun.NEW_IMAGE);
            assertThat(run.steps(K8sRollingStrategy.DEPLOY_FAILED)).extracting(Observation.StrategyStep::detail)
                    .containsExactly("deployment \"app\" exceeded its progress deadline");
        }
    }

    private static void assertRefused(Map<String, ?> options, String option, String message) {
        assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(K8sRollingStrategy.NAME), options))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(option));
    }

    private static void assertAccepted(Map<String, ?> options) {
        Strategies.resolveOptions(Strategies.get(K8sRollingStrategy.NAME), options);
    }

    @Test
    void validationBoundariesAreTheApiServers() {
        // IsValidPercent: ^[0-9]+%$, so the characters just outside '0'..'9' are refused
        assertAccepted(Map.of("maxSurge", "0%", "maxUnavailable", "9%"));
        assertRefused(Map.of("maxSurge", "/%"), "maxSurge", "must be an integer or percentage (e.g '5%'), was '/%'");
        assertRefused(Map.of("maxSurge", ":%"), "maxSurge", "must be an integer or percentage (e.g '5%'), was ':%'");
        // maxUnavailable: IsNotMoreThan100Percent
        assertAccepted(Map.of("maxUnavailable", "100%"));
        assertRefused(Map.of("maxUnavailable", "101%"), "maxUnavailable", "must not be greater than 100%, was 101%");
        // progressDeadlineSeconds: nonnegative, then greater than minReadySeconds; 0 is nonnegative, so 0 with
        // minReadySeconds 0 gets the second message
        assertRefused(Map.of("progressDeadlineSeconds", 0), "progressDeadlineSeconds",
                "must be greater than minReadySeconds (0), was 0");
        assertRefused(Map.of("minReadySeconds", 5, "progressDeadlineSeconds", 5), "progressDeadlineSeconds",
                "must be greater than minReadySeconds (5), was 5");
        assertAccepted(Map.of("minReadySeconds", 5, "progressDeadlineSeconds", 6));
        assertAccepted(Map.of("minReadySeconds", 0, "progressDeadlineSeconds", 1));
    }
}
