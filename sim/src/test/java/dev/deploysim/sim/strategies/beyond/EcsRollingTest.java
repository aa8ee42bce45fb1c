package dev.deploysim.sim.strategies.beyond;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deploysim.model.deploy.InvalidOptionException;
import dev.deploysim.model.machines.CheckDefinition;
import dev.deploysim.sim.observe.Observation;
import dev.deploysim.sim.platform.AppSpec;
import dev.deploysim.sim.platform.VersionSelector;
import dev.deploysim.strategies.Strategies;
import dev.deploysim.strategies.ecs.EcsRollingStrategy;
import dev.deploysim.strategies.ecs.TaskBounds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ecs-rolling against ECS's documented arithmetic and circuit breaker, run on the simulated platform. */
class EcsRollingTest {

    /**
     * A service check that gives a new task (started 3.1 s after its launch call, app ready 3 s later) room
     * before two failed runs: it runs 1 s after the start (fails), then every 5 s (passes at the start + 6 s),
     * and counts as unhealthy only at the start + 1 + 5 + 2 = 8 s.
     */
    static CheckDefinition check() {
        return new CheckDefinition("svc", "tcp", true, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(2));
    }

    static AppSpec app(int tasks, boolean healthy) {
        return WorldRun.app(tasks, 0, List.of(check()), healthy);
    }

    @Test
    void minimumHealthyRoundsUpMaximumRoundsDownAndTheBreakerThresholdIsHalfClampedToThreeAndTwoHundred() {
        assertThat(TaskBounds.of(4, 50, 200)).isEqualTo(new TaskBounds(2, 8));
        assertThat(TaskBounds.of(4, 100, 200)).isEqualTo(new TaskBounds(4, 8));
        assertThat(TaskBounds.of(5, 25, 100)).isEqualTo(new TaskBounds(2, 5));   // ceil(1.25)
        assertThat(TaskBounds.of(3, 50, 150)).isEqualTo(new TaskBounds(2, 4));   // ceil(1.5), floor(4.5)
        assertThat(TaskBounds.of(1, 0, 100)).isEqualTo(new TaskBounds(0, 1));
        assertThat(TaskBounds.circuitBreakerThreshold(1)).isEqualTo(3);
        assertThat(TaskBounds.circuitBreakerThreshold(4)).isEqualTo(3);
        assertThat(TaskBounds.circuitBreakerThreshold(7)).isEqualTo(4);          // 3.5 is reached by the 4th failure
        assertThat(TaskBounds.circuitBreakerThreshold(10)).isEqualTo(5);
        assertThat(TaskBounds.circuitBreakerThreshold(399)).isEqualTo(200);
        assertThat(TaskBounds.circuitBreakerThreshold(1000)).isEqualTo(200);
    }

    @Test
    void optionsDefaultToEcsValuesAndOutOfRangeOnesAreRefused() {
        var o = Strategies.resolveOptions(Strategies.get(EcsRollingStrategy.NAME), Map.of());
        assertThat(o.getInt("minimumHealthyPercent")).isEqualTo(100);
        assertThat(o.getInt("maximumPercent")).isEqualTo(200);
        assertThat(o.getBoolean("circuitBreaker")).isTrue();
        assertThat(o.getBoolean("rollback")).isTrue();
        assertThat(o.getBoolean("resetOnHealthyTask")).isTrue();
        assertThat(o.getDuration("deregistrationDelay")).isEqualTo(Duration.ofSeconds(300));
        for (var bad : List.of(Map.of("minimumHealthyPercent", 101), Map.of("minimumHealthyPercent", -1),
                Map.of("maximumPercent", 99))) {
            assertThatThrownBy(() -> Strategies.resolveOptions(Strategies.get(EcsRollingStrategy.NAME), bad))
                    .isInstanceOf(InvalidOptionException.class)
                    .satisfies(e -> assertThat(((InvalidOptionException) e).option()).isEqualTo(bad.keySet().iterator().next()));
        }
    }

    private static List<String> stepsAt(WorldRun run, String step, long atNanos) {
        return run.steps(step).stream().filter(s -> s.atNanos() == atNanos).map(Observation.StrategyStep::machineId).toList();
    }

    @Test
    void fourTasksAtFiftyTwoHundredStartFourAndStopTwoAtOnceThenTheRestOnceTheNewAreHealthy() {
        try (WorldRun run = WorldRun.constant(app(4, true)).deploy(EcsRollingStrategy.NAME,
                Map.of("minimumHealthyPercent", 50, "maximumPercent", 200))) {
            assertThat(run.ok()).as(String.valueOf(run.error)).isTrue();
            assertThat(run.steps(EcsRollingStrategy.DEPLOYMENT_STARTED).get(0).detail()).contains("minHealthy=2 max=8");
            // first scheduling pass: 4 new tasks (to the maximum of 8), 2 old ones stopped (down to 2 healthy)
            List<Observation.StrategyStep> starts = run.steps(EcsRollingStrategy.START_TASK);
            assertThat(starts).hasSize(4);
            List<Observation.StrategyStep> stops = run.steps(EcsRollingStrategy.STOP_TASK);
            assertThat(stops).hasSize(4);
            long firstPass = stops.get(0).atNanos();
            assertThat(stepsAt(run, EcsRollingStrategy.STOP_TASK, firstPass)).containsExactlyElementsOf(run.seeded.subList(0, 2));
            long laterStops = stops.get(2).atNanos();
            assertThat(stops.get(3).atNanos()).isEqualTo(laterStops);
            // the other two only once new tasks are healthy
            long firstHealthy = run.steps(EcsRollingStrategy.TASK_HEALTHY).get(0).atNanos();
            assertThat(laterStops).isGreaterThanOrEqualTo(firstHealthy);
            Census running = Census.pods(run, "app", Duration.ZERO);       // RUNNING or PENDING: until stopped
            Census healthy = Census.deregistering(run, "app", Duration.ZERO); // healthy: until deregistered
            assertThat(running.maxInstances(run.startNanos, run.endNanos)).isEqualTo(8);
            assertThat(healthy.minAvailable(run.startNanos, run.endNanos)).isEqualTo(2);
            assertThat(run.imagesAtEnd()).hasSize(4).containsOnly(WorldRun.NEW_IMAGE);
            // draining: every stop waited the 300 s deregistration delay after its cordon
            for (Observation.ApiCall stop : run.calls("stop")) {
                long cordon = run.calls("cordon").stream().filter(c -> c.machineId().equals(stop.machineId())).findFirst()
                        .orElseThrow().atNanos();
                assertThat(stop.startedAtNanos() - cordon).isGreaterThanOrEqualTo(WorldRun.secs(300));
            }
        }
    }

    @Test
    void fourTasksAtTheDefaultsKeepAllFourHealthyUntilTheNewOnesAre() {
        try (WorldRun run = WorldRun.constant(app(4, true)).deploy(EcsRollingStrategy.NAME, Map.of())) {
            assertThat(run.ok()).isTrue();
            Census running = Census.pods(run, "app", Duration.ZERO);
            Census healthy = Census.deregistering(run, "app", Duration.ZERO);
            assertThat(running.maxInstances(run.startNanos, run.endNanos)).isEqualTo(8);
            assertThat(healthy.minAvailable(run.startNanos, run.endNanos)).isEqualTo(4);
            long firstStop = run.steps(EcsRollingStrategy.STOP_TASK).get(0).atNanos();
            assertThat(run.steps(EcsRollingStrategy.TASK_HEALTHY)).allSatisfy(h -> assertThat(h.atNanos()).isLessThanOrEqualTo(firstStop));
            assertThat(run.imagesAtEnd()).hasSize(4).containsOnly(WorldRun.NEW_IMAGE);
        }
    }

    @Test
    void aBadReleaseTripsTheCircuitBreakerAtThreeFailedTasksForFourDesiredAndRollsBackLeavingTheOldTasksUntouched() {
        // maximumPercent 175: room for 3 new tasks, so exactly the clamped threshold of 3 fail before the trip
        try (WorldRun run = WorldRun.constant(app(4, false))
                .deploy(EcsRollingStrategy.NAME, Map.of("maximumPercent", 175))) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.rolledBack()).isTrue();
            assertThat(run.steps(EcsRollingStrategy.DEPLOYMENT_STARTED).get(0).detail()).contains("circuitBreakerThreshold=3");
            assertThat(run.steps(EcsRollingStrategy.START_TASK)).hasSize(3);
            assertThat(run.steps(EcsRollingStrategy.TASK_FAILED)).hasSize(3)
                    .extracting(Observation.StrategyStep::detail).allMatch(d -> d.contains("failed its health checks"));
            assertThat(run.steps(EcsRollingStrategy.CIRCUIT_BREAKER_TRIGGERED)).hasSize(1);
            assertThat(run.steps(EcsRollingStrategy.ROLLBACK_STEP)).hasSize(1);
            // clean: the old tasks never saw a cordon, stop or destroy, and nothing new is left
            assertThat(run.calls("cordon", "stop", "destroy").stream().map(Observation.ApiCall::machineId).toList())
                    .doesNotContainAnyElementsOf(run.seeded);
            assertThat(run.machinesAtEnd()).hasSize(4).allMatch(m -> m.contains(WorldRun.OLD_IMAGE));
            assertThat(run.serving().minServing(run.startNanos, run.serving().endNanos())).isEqualTo(4);
        }
    }

    @Test
    void tasksThatNeverReachRunningCountInStageOneAndWithoutRollbackTheDeployFailsAsItStands() {
        try (WorldRun run = WorldRun.constant(app(2, true)).deploy(EcsRollingStrategy.NAME,
                Map.of("rollback", false), w -> w.world.failNextBoots(10, VersionSelector.NEW))) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.rolledBack()).isFalse();
            assertThat(run.steps(EcsRollingStrategy.TASK_FAILED)).hasSize(4)
                    .extracting(Observation.StrategyStep::detail).allMatch(d -> d.contains("failed to reach RUNNING"));
            assertThat(run.steps(EcsRollingStrategy.ROLLBACK_STEP)).isEmpty();
            assertThat(run.imagesAtEnd()).containsOnly(WorldRun.OLD_IMAGE).hasSize(2);
        }
    }

    @Test
    void cancellingWhileOldTasksDrainPutsThemBackInServiceAndReleasesEveryLease() {
        // at 50/200 two old tasks are deregistered in the first pass, the other two once the new tasks are healthy
        // (~9 s); all four drain for 300 s. Ctrl-C at 60 s
        try (WorldRun run = WorldRun.constant(app(4, true)).cancelAt(Duration.ofSeconds(60))
                .deploy(EcsRollingStrategy.NAME, Map.of("minimumHealthyPercent", 50))) {
            assertThat(run.ok()).isFalse();
            assertThat(run.error.getMessage()).contains("cancelled");
            List<String> cordoned = run.calls("cordon").stream().map(Observation.ApiCall::machineId).toList();
            assertThat(cordoned).containsExactlyInAnyOrderElementsOf(run.seeded);
            assertThat(run.calls("uncordon").stream().map(Observation.ApiCall::machineId).toList())
                    .containsExactlyElementsOf(cordoned);
            assertThat(run.calls("stop")).isEmpty();
            assertThat(run.world.allMachines()).noneMatch(m -> m.cordoned() || m.leaseOwner().isPresent());
        }
    }
}
